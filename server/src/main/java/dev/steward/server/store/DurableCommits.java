package dev.steward.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.WeakHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.jdbi.v3.core.transaction.LocalTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Makes every committed write of the embedded H2 datastore durable before the commit returns, so that an
 * answer sent after it is a promise: it survives SIGKILL of the server and a power loss.
 *
 * <p>H2 (MVStore) keeps a commit in memory and writes it to the file later, from a background thread
 * (the WRITE_DELAY, 500 ms by default), and never forces the file to the device on commit. A server killed
 * in between lost acknowledged writes. {@code WRITE_DELAY=0} would write each commit but not force it, and
 * would also stop H2's background housekeeping (chunk compaction), so the file would only grow. Instead,
 * after a transaction that wrote commits, and after a write outside a transaction, this runs
 * {@code CHECKPOINT SYNC}: H2 stores whatever is unsaved and forces the file (one fsync). Transactions
 * that only read cost nothing. Agent input is applied in group commits ({@link GroupCommitter}), so the
 * hot path pays one fsync per group, not per message.
 *
 * <p>PostgreSQL needs none of this: with its default {@code synchronous_commit = on} a commit returns
 * after its WAL record is flushed. (Turning that off, or {@code fsync} off, weakens the guarantee.)
 */
final class DurableCommits implements TransactionHandler, StatementCustomizer {
    /** JDBI's own handler: unspecialized in the instance installed on {@code Jdbi}, bound to a handle in the others. */
    private final TransactionHandler delegate;
    /** Connections whose open transaction has written; weak, since pools recycle connections. Shared by all. */
    private final Set<Connection> wrote;

    DurableCommits() {
        this(new LocalTransactionHandler(), Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>())));
    }

    private DurableCommits(TransactionHandler delegate, Set<Connection> wrote) {
        this.delegate = delegate;
        this.wrote = wrote;
    }

    @Override
    public void afterExecution(PreparedStatement statement, StatementContext ctx) throws SQLException {
        if (!isWrite(ctx.getRawSql())) {
            return;
        }
        Connection connection = ctx.getConnection();
        if (connection.getAutoCommit()) {
            sync(connection); // already committed by the driver
        } else {
            wrote.add(connection);
        }
    }

    static boolean isWrite(String sql) {
        if (sql == null) {
            return false;
        }
        String head = sql.stripLeading();
        int end = 0;
        while (end < head.length() && Character.isLetter(head.charAt(end))) {
            end++;
        }
        return switch (head.substring(0, end).toUpperCase(Locale.ROOT)) {
            case "INSERT", "UPDATE", "DELETE", "MERGE" -> true;
            default -> false;
        };
    }

    private static void sync(Connection connection) throws SQLException {
        try (Statement sync = connection.createStatement()) {
            sync.execute("CHECKPOINT SYNC");
        }
    }

    @Override
    public void commit(Handle handle) {
        delegate.commit(handle);
        Connection connection = handle.getConnection();
        if (wrote.remove(connection)) {
            try {
                sync(connection);
            } catch (SQLException e) {
                throw new DatastoreUnavailableException("the datastore accepted a commit but could not force it to disk: "
                        + e.getMessage(), e);
            }
        }
    }

    @Override
    public void rollback(Handle handle) {
        wrote.remove(handle.getConnection());
        delegate.rollback(handle);
    }

    @Override
    public void begin(Handle handle) {
        delegate.begin(handle);
    }

    @Override
    public boolean isInTransaction(Handle handle) {
        return delegate.isInTransaction(handle);
    }

    @Override
    public void savepoint(Handle handle, String savepointName) {
        delegate.savepoint(handle, savepointName);
    }

    @Override
    public void rollbackToSavepoint(Handle handle, String savepointName) {
        delegate.rollbackToSavepoint(handle, savepointName);
    }

    @Override
    public void releaseSavepoint(Handle handle, String savepointName) {
        delegate.releaseSavepoint(handle, savepointName);
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback) throws X {
        return delegate.inTransaction(handle, callback);
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, TransactionIsolationLevel level,
            HandleCallback<R, X> callback) throws X {
        return delegate.inTransaction(handle, level, callback);
    }

    @Override
    public TransactionHandler specialize(Handle handle) throws SQLException {
        return new DurableCommits(delegate.specialize(handle), wrote);
    }
}
