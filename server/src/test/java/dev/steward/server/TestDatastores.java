package dev.steward.server;

import dev.steward.server.store.DatastoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Datastores for server tests: embedded SQLite (the default) or H2 in a temp dir, or a fresh database in the real PostgreSQL
 * that ./run-tests starts (required when CI=true, skipped with a reason otherwise).
 */
public final class TestDatastores {
    private TestDatastores() {
    }

    public static DatastoreConfig create(String kind, Path dir) {
        return switch (kind) {
            case "sqlite" -> DatastoreConfig.sqlite(dir.resolve(DatastoreConfig.SQLITE_FILE));
            case "h2" -> DatastoreConfig.embeddedH2(dir);
            case "postgres" -> postgres();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    public static DatastoreConfig postgres() {
        String url = System.getenv("STEWARD_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI=true but STEWARD_TEST_PG_URL is not set: run the suite with ./run-tests");
            }
            Assumptions.abort("PostgreSQL tests need STEWARD_TEST_PG_URL (./run-tests starts a PostgreSQL for them)");
        }
        String user = System.getenv("STEWARD_TEST_PG_USER");
        String password = System.getenv("STEWARD_TEST_PG_PASSWORD");
        String database = "steward_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new AssertionError("cannot create a test database on " + url + ": " + e.getMessage(), e);
        }
        return new DatastoreConfig(url.substring(0, url.lastIndexOf('/') + 1) + database, user, password);
    }
}
