package dev.steward.e2e;

import dev.steward.server.TestDatastores;
import dev.steward.server.store.DatastoreConfig;
import java.util.Map;

/**
 * The datastore a test server process runs on: its default embedded SQLite, embedded H2 (the default of
 * data directories made before SQLite), or a fresh database in the real PostgreSQL that ./run-tests started
 * (see {@link TestDatastores}).
 */
enum Datastore {
    SQLITE, H2, POSTGRES;

    /** Extra {@code steward server} arguments and environment for a fresh store of this kind. */
    record Setup(String[] args, Map<String, String> env) {
    }

    Setup create(java.nio.file.Path dataDir) {
        if (this == SQLITE) {
            return new Setup(new String[0], Map.of());
        }
        if (this == H2) {
            return new Setup(new String[] {"--datastore", DatastoreConfig.embeddedH2(dataDir.toAbsolutePath()).jdbcUrl()},
                    Map.of("STEWARD_DB_USER", "steward", "STEWARD_DB_PASSWORD", ""));
        }
        DatastoreConfig postgres = TestDatastores.postgres();
        return new Setup(new String[] {"--datastore", postgres.jdbcUrl()},
                Map.of("STEWARD_DB_USER", postgres.user(), "STEWARD_DB_PASSWORD", postgres.password()));
    }
}
