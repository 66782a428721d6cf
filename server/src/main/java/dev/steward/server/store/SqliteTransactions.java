package dev.steward.server.store;

import java.sql.SQLException;
import java.sql.Statement;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.TransactionException;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Transactions on SQLite: {@code BEGIN IMMEDIATE} … {@code COMMIT}, issued as statements on a connection
 * that stays in auto-commit mode.
 *
 * <p>Why not JDBC's {@code setAutoCommit(false)}: sqlite-jdbc then begins the next transaction right after
 * every commit, and with {@code transaction_mode=IMMEDIATE} that begin takes the write lock again: a commit
 * returned only after the next writer's whole transaction, and could fail with "busy" after its data was
 * committed (an answer of 500 for a stored write). Why IMMEDIATE: a transaction holds the database's single
 * write lock from its start, so what it reads cannot change under it (the role {@code FOR UPDATE} plays
 * elsewhere, see {@link RowLocks}) and two writers queue instead of one failing when it upgrades a read
 * lock. Isolation levels are ignored: SQLite transactions are serializable.
 */
final class SqliteTransactions implements TransactionHandler {
    /** Taken before {@code BEGIN IMMEDIATE}, so writers wait in Java, not pinned in SQLite's busy handler. */
    private final SqliteWriteLock writeLock;
    /** Whether this handle's connection has a transaction open; one instance per handle ({@link #specialize}). */
    private boolean open;

    SqliteTransactions(SqliteWriteLock writeLock) {
        this.writeLock = writeLock;
    }

    @Override
    public void begin(Handle handle) {
        try {
            writeLock.acquire();
        } catch (SQLException e) {
            throw new TransactionException("could not start a transaction: " + e.getMessage(), e);
        }
        try {
            execute(handle, "BEGIN IMMEDIATE", "start");
        } catch (RuntimeException e) {
            writeLock.release();
            throw e;
        }
        open = true;
    }

    @Override
    public void commit(Handle handle) {
        // A failed COMMIT leaves the transaction open (and the lock held) for the rollback that follows.
        execute(handle, "COMMIT", "commit");
        open = false;
        writeLock.release();
    }

    @Override
    public void rollback(Handle handle) {
        boolean wasOpen = open;
        open = false;
        try {
            execute(handle, "ROLLBACK", "roll back");
        } finally {
            if (wasOpen) {
                writeLock.release();
            }
        }
    }

    @Override
    public boolean isInTransaction(Handle handle) {
        return open;
    }

    @Override
    public void savepoint(Handle handle, String name) {
        execute(handle, "SAVEPOINT " + name, "set a savepoint in");
    }

    @Override
    public void rollbackToSavepoint(Handle handle, String name) {
        execute(handle, "ROLLBACK TO SAVEPOINT " + name, "roll back to a savepoint in");
    }

    @Override
    public void releaseSavepoint(Handle handle, String name) {
        execute(handle, "RELEASE SAVEPOINT " + name, "release a savepoint in");
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback) throws X {
        if (open) {
            return callback.withHandle(handle);
        }
        begin(handle);
        boolean committed = false;
        try {
            R result = callback.withHandle(handle);
            commit(handle);
            committed = true;
            return result;
        } finally {
            if (!committed && open) {
                try {
                    rollback(handle);
                } catch (RuntimeException suppressed) {
                    // The failure that got here is the one worth reporting; the connection is discarded if broken.
                }
            }
        }
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, TransactionIsolationLevel level,
            HandleCallback<R, X> callback) throws X {
        return inTransaction(handle, callback);
    }

    @Override
    public TransactionHandler specialize(Handle handle) {
        return new SqliteTransactions(writeLock);
    }

    private static void execute(Handle handle, String sql, String what) {
        try (Statement statement = handle.getConnection().createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new TransactionException("could not " + what + " a transaction: " + e.getMessage(), e);
        }
    }
}
