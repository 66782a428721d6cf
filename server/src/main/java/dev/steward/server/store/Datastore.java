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
    private final boolean postgres;

    private Datastore(HikariDataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.postgres = postgres;
        this.jdbi = Jdbi.create(dataSource);
        if (!postgres) {
            // H2 does not force commits to disk by itself; PostgreSQL does (synchronous_commit).
            DurableCommits durable = new DurableCommits();
            jdbi.setTransactionHandler(durable);
            jdbi.addCustomizer(durable);
        }
        this.transactions = new Transactions(jdbi);
    }

    public static Datastore open(DatastoreConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.isPostgres() ? 16 : 8);
        hikari.setPoolName("steward-datastore");
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
                    .locations("classpath:db/migration")
                    .placeholders(Map.of("text", config.isPostgres() ? "TEXT" : "CLOB"))
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new DatastoreUnavailableException("cannot migrate the datastore schema at " + config.displayUrl()
                    + ": " + rootMessage(e), e);
        }
        return new Datastore(dataSource, config.isPostgres());
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Transactions across stores, retried on serialization failures and deadlocks. */
    public Transactions transactions() {
        return transactions;
    }

    public boolean isPostgres() {
        return postgres;
    }

    /**
     * Everything committed so far is on the device when this returns. PostgreSQL forces each commit itself;
     * H2 is made to store and fsync ({@link DurableCommits#sync}).
     */
    void forceToDisk() {
        if (postgres) {
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
