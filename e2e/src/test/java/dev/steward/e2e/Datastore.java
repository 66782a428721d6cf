package dev.steward.e2e;

import dev.steward.server.TestDatastores;
import dev.steward.server.store.DatastoreConfig;
import java.util.Map;

/**
 * The datastore a test server process runs on: its default embedded H2, or a fresh database in the real
 * PostgreSQL that ./run-tests started (see {@link TestDatastores}).
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
        DatastoreConfig postgres = TestDatastores.postgres();
        return new Setup(new String[] {"--datastore", postgres.jdbcUrl()},
                Map.of("STEWARD_DB_USER", postgres.user(), "STEWARD_DB_PASSWORD", postgres.password()));
    }
}
