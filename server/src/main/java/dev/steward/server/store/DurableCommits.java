package dev.steward.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.WeakHashMap;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
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
 * after a transaction that wrote commits, and after a write outside a transaction, this has H2 store
 * whatever is unsaved and force the file (one fsync; see {@link #sync}). Transactions
 * that only read cost nothing. Agent input is applied in group commits ({@link GroupCommitter}), so the
 * hot path pays one fsync per group, not per message.
 *
 * <p>PostgreSQL needs none of this: with its default {@code synchronous_commit = on} a commit returns
 * after its WAL record is flushed. (Turning that off, or {@code fsync} off, weakens the guarantee.)
 */
final class DurableCommits implements TransactionHandler, StatementCustomizer {
    /** Set while this thread runs {@link #unforced} work. */
    private static final ThreadLocal<Boolean> UNFORCED = ThreadLocal.withInitial(() -> false);

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

    /**
     * Runs work whose commits this thread need not force, because the caller makes them durable another way:
     * the group committer records each group in its {@link RedoJournal} (one small append and fsync) and
     * forces the datastore only at checkpoints.
     */
    static <T> T unforced(java.util.function.Supplier<T> work) {
        boolean before = UNFORCED.get();
        UNFORCED.set(true);
        try {
            return work.get();
        } finally {
            UNFORCED.set(before);
        }
    }

    @Override
    public void afterExecution(PreparedStatement statement, StatementContext ctx) throws SQLException {
        if (UNFORCED.get() || !isWrite(ctx.getRawSql())) {
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

    /**
     * Stores what is unsaved and forces the file, after every chunk write already under way has finished.
     *
     * <p>{@code CHECKPOINT SYNC} is not enough: H2's background writer serializes and writes a chunk on two
     * executor threads after it has released the store lock, so a commit that found nothing unsaved (the
     * background writer had just taken its changes) forced the file before that chunk was written, and a
     * SIGKILL right after the answer lost the write (about 1 in 50 kills in the durability test). The
     * MVStore's {@code executeFileStoreOperation} first drains both executors.
     */
    static void sync(Connection connection) throws SQLException {
        if (connection.isWrapperFor(JdbcConnection.class)
                && connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session) {
            MVStore store = session.getDatabase().getStore().getMvStore();
            store.commit();
            FileStore<?> file = store.getFileStore();
            if (file != null) {
                file.executeFileStoreOperation(file::sync);
            }
            return;
        }
        try (Statement sync = connection.createStatement()) {
            sync.execute("CHECKPOINT SYNC"); // an H2 server over TCP: the best it offers over the wire
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
