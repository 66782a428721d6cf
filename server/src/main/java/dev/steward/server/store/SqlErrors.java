package dev.steward.server.store;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What a datastore failure means, the same on every engine. PostgreSQL and H2 say it with SQLState (class
 * 23: integrity constraint violation; 23505: unique violation); SQLite's driver leaves SQLState empty and
 * gives its own result codes instead.
 */
public final class SqlErrors {
    private SqlErrors() {
    }

    /** A UNIQUE or PRIMARY KEY constraint refused the write, anywhere in the cause chain. */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = next(cause)) {
            if (cause instanceof SQLiteException sqlite) {
                SQLiteErrorCode code = sqlite.getResultCode();
                if (code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY) {
                    return true;
                }
            } else if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Any integrity constraint (unique, foreign key, not null, check) refused the write. */
    public static boolean isConstraintViolation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = next(cause)) {
            if (cause instanceof SQLiteException sqlite && sqlite.getResultCode().code % 256 == SQLiteErrorCode.SQLITE_CONSTRAINT.code) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    /** SQLite's single write lock stayed taken for longer than the busy timeout: the datastore is overloaded. */
    public static boolean isBusy(Throwable e) {
        for (Throwable cause = e; cause != null; cause = next(cause)) {
            if (cause instanceof SQLiteException sqlite && (sqlite.getResultCode().code % 256 == SQLiteErrorCode.SQLITE_BUSY.code
                    || sqlite.getResultCode().code % 256 == SQLiteErrorCode.SQLITE_LOCKED.code)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable next(Throwable cause) {
        return cause.getCause() == cause ? null : cause.getCause();
    }
}
