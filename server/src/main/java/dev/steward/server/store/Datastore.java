package dev.steward.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The durable state of one installation. Opening it applies pending migrations, so a server never runs
 * against a schema older than its code. Capabilities get the {@link Jdbi} handle through their own
 * narrow store classes; nothing else touches SQL.
 */
public final class Datastore implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Transactions transactions;
    private final DatastoreConfig config;

    private Datastore(HikariDataSource dataSource, DatastoreConfig config) {
        this.dataSource = dataSource;
        this.config = config;
        this.jdbi = Jdbi.create(dataSource);
        if (config.isH2()) {
            // H2 does not force commits to disk by itself; PostgreSQL (synchronous_commit) and SQLite
            // (WAL with synchronous=FULL) do.
            DurableCommits durable = new DurableCommits();
            jdbi.setTransactionHandler(durable);
            jdbi.addCustomizer(durable);
        } else if (config.isSqlite()) {
            SqliteWriteLock writeLock = new SqliteWriteLock();
            jdbi.setTransactionHandler(new SqliteTransactions(writeLock));
            jdbi.addCustomizer(writeLock);
        }
        this.transactions = new Transactions(jdbi);
    }

    public static Datastore open(DatastoreConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        // On SQLite, writers wait for its one write lock holding a connection; 8 leave room for readers.
        hikari.setMaximumPoolSize(config.isPostgres() ? 16 : 8);
        hikari.setPoolName("steward-datastore");
        if (config.isPostgres()) {
            // A batch of inserts (a job's runs, a group's task rows) goes as multi-row INSERTs, not one
            // statement per row. Their update counts then read "success, count unknown": no caller of an
            // insert batch reads them.
            hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        hikari.setInitializationFailTimeout(10_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new DatastoreUnavailableException("cannot connect to the datastore " + config.displayUrl()
                    + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    // SQLite cannot alter columns, so it starts from the whole schema of V12 in one file.
                    .locations(config.isSqlite() ? "classpath:db/sqlite" : "classpath:db/migration")
                    .placeholders(Map.of("text", config.isH2() ? "CLOB" : "TEXT"))
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new DatastoreUnavailableException("cannot migrate the datastore schema at " + config.displayUrl()
                    + ": " + rootMessage(e), e);
        }
        return new Datastore(dataSource, config);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Transactions across stores, retried on serialization failures and deadlocks. */
    public Transactions transactions() {
        return transactions;
    }

    public boolean isPostgres() {
        return config.isPostgres();
    }

    /** H2 is the one engine whose commits are not on disk when they return ({@link DurableCommits}). */
    public boolean isH2() {
        return config.isH2();
    }

    /**
     * Everything committed so far is on the device when this returns. PostgreSQL and SQLite force each
     * commit themselves; H2 is made to store and fsync ({@link DurableCommits#sync}).
     */
    void forceToDisk() {
        if (!config.isH2()) {
            return;
        }
        jdbi.useHandle(h -> {
            try {
                DurableCommits.sync(h.getConnection());
            } catch (java.sql.SQLException e) {
                throw new DatastoreUnavailableException("could not force the datastore to disk: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
