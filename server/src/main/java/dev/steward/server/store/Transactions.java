package dev.steward.server.store;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * One transaction across several stores, retried when the datastore gives up on it for reasons that a
 * second try resolves: a serialization failure (SQLState 40001, also H2's deadlock) or a deadlock
 * (PostgreSQL's 40P01). Such a failure rolled everything back, so the work runs again from the start, at
 * most {@link #ATTEMPTS} times with a short random pause; anything else, or the last failure, propagates.
 * Stores offer {@code Handle}-taking variants of their writes so a service can compose them in here.
 */
public final class Transactions {
    static final int ATTEMPTS = 4;

    private final Jdbi jdbi;

    public Transactions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(work);
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !isRetryable(e)) {
                    throw e;
                }
                // Spread the retries of the transactions that collided, so they do not collide again.
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1, 1 + attempt * 10L) * 1_000_000L);
            }
        }
    }

    public void useTransaction(java.util.function.Consumer<Handle> work) {
        inTransaction(h -> {
            work.accept(h);
            return null;
        });
    }

    /** Serialization failure or deadlock, anywhere in the cause chain. */
    public static boolean isRetryable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().equals("40001") || sql.getSQLState().equals("40P01"))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
