package dev.steward.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The datastore a test server runs on. PostgreSQL comes from ./run-tests (a real server it started on
 * loopback); each test class gets a fresh database in it.
 */
enum Datastore {
    H2, POSTGRES;

    /** Extra {@code steward server} arguments and environment for a fresh store of this kind. */
    record Setup(String[] args, Map<String, String> env) {
    }

    Setup create() {
        if (this == H2) {
            return new Setup(new String[0], Map.of());
        }
        String url = System.getenv("STEWARD_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI=true but STEWARD_TEST_PG_URL is not set: run the suite with ./run-tests");
            }
            Assumptions.abort("PostgreSQL tests need STEWARD_TEST_PG_URL (./run-tests starts a PostgreSQL for them)");
        }
        String user = System.getenv("STEWARD_TEST_PG_USER");
        String password = System.getenv("STEWARD_TEST_PG_PASSWORD");
        String database = "steward_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new AssertionError("cannot create a test database on " + url + ": " + e.getMessage(), e);
        }
        String dbUrl = url.substring(0, url.lastIndexOf('/') + 1) + database;
        return new Setup(new String[] {"--datastore", dbUrl},
                Map.of("STEWARD_DB_USER", user, "STEWARD_DB_PASSWORD", password));
    }
}
