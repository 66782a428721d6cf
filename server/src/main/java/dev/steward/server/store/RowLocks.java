package dev.steward.server.store;

import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.sqlite.SQLiteConnection;

/**
 * The row-lock clause of a locking read, per engine. PostgreSQL and H2 lock the rows a
 * {@code SELECT … FOR UPDATE} read until the transaction ends; SQLite has no such clause and needs none: a
 * transaction there holds the database's single write lock from its start ({@code BEGIN IMMEDIATE}, see
 * {@link SqliteTransactions}), so what it reads cannot change under it.
 */
public final class RowLocks {
    private RowLocks() {
    }

    /** {@code " FOR UPDATE"}, or nothing on SQLite: append it to a SELECT that must lock what it reads. */
    public static String forUpdate(Handle h) {
        try {
            return h.getConnection().isWrapperFor(SQLiteConnection.class) ? "" : " FOR UPDATE";
        } catch (SQLException e) {
            throw new DatastoreUnavailableException("cannot tell the datastore's engine: " + e.getMessage(), e);
        }
    }
}
