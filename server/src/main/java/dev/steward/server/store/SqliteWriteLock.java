package dev.steward.server.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite's single write lock, taken in Java first: by every transaction ({@link SqliteTransactions}) and by
 * every write statement outside one (this customizer), so writers of this server queue here and never in
 * SQLite's busy handler.
 *
 * <p>Why: SQLite waits for a taken write lock by sleeping inside the native call, and a virtual thread in
 * a native call pins its carrier. Two such waiters pinned both carriers of a two-core machine, so the
 * virtual thread holding the lock could not run to its commit, nor could Jetty's acceptor: the server
 * answered nothing until the busy timeout (10 s) failed the waiters (seen in the durability test as 20 s
 * without one answer). A waiter here parks and frees its carrier. The busy timeout still covers other
 * processes opening the file. Waiting is bounded like the busy timeout, and ends the same way: as
 * {@code SQLITE_BUSY}, which callers answer with 503 ({@link SqlErrors#isBusy}).
 */
final class SqliteWriteLock implements StatementCustomizer {
    /** As long as SQLite's own busy timeout ({@link DatastoreConfig}). */
    static final long WAIT_MILLIS = 10_000;

    private final ReentrantLock lock = new ReentrantLock(true);

    /** Takes the lock for this thread (again, if it holds it: a write inside its own transaction). */
    void acquire() throws SQLiteException {
        boolean taken;
        try {
            taken = lock.tryLock(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            taken = false;
        }
        if (!taken) {
            throw new SQLiteException("the datastore's write lock stayed taken for " + WAIT_MILLIS + " ms",
                    SQLiteErrorCode.SQLITE_BUSY);
        }
    }

    void release() {
        lock.unlock();
    }

    boolean heldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    @Override
    public void beforeExecution(PreparedStatement statement, StatementContext ctx) throws SQLException {
        if (!DurableCommits.isWrite(ctx.getRawSql())) {
            return;
        }
        acquire();
        AtomicBoolean held = new AtomicBoolean(true);
        ctx.define(HELD, held);
        // A statement that fails never reaches afterExecution; closing it releases the lock then.
        ctx.addCleanable(() -> releaseOnce(held));
    }

    @Override
    public void afterExecution(PreparedStatement statement, StatementContext ctx) {
        if (ctx.getAttribute(HELD) instanceof AtomicBoolean held) {
            releaseOnce(held);
        }
    }

    private static final String HELD = SqliteWriteLock.class.getName() + ".held";

    private void releaseOnce(AtomicBoolean held) {
        if (held.compareAndSet(true, false)) {
            lock.unlock();
        }
    }
}
