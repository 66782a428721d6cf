package dev.steward.bench;

import java.nio.file.Path;
import java.util.Map;

/**
 * Which datastore a server under test uses: embedded SQLite (the server's default, {@code jdbcUrl == null}),
 * embedded H2 (the default of data directories made before SQLite: {@code --datastore jdbc:h2:file:…} in
 * its data directory), or a PostgreSQL the bench script started ({@code STEWARD_BENCH_PG_URL}, user and
 * password).
 */
record Datastore(String name, String jdbcUrl, Map<String, String> env) {
    static Datastore sqlite() {
        return new Datastore("sqlite", null, Map.of());
    }

    static Datastore fromName(String name) {
        return switch (name) {
            case "sqlite" -> sqlite();
            case "h2" -> new Datastore("h2", "h2", Map.of("STEWARD_DB_USER", "steward", "STEWARD_DB_PASSWORD", ""));
            case "postgres" -> {
                String url = System.getenv("STEWARD_BENCH_PG_URL");
                if (url == null) {
                    throw new IllegalArgumentException("--datastore postgres needs STEWARD_BENCH_PG_URL (bench/run starts one)");
                }
                yield new Datastore("postgres", url, Map.of("STEWARD_DB_USER", System.getenv("STEWARD_BENCH_PG_USER"),
                        "STEWARD_DB_PASSWORD", System.getenv("STEWARD_BENCH_PG_PASSWORD")));
            }
            default -> throw new IllegalArgumentException("--datastore must be sqlite, h2 or postgres, got '" + name + "'");
        };
    }

    /** Embedded datastores keep their enrolled agents between runs in a data directory of their own. */
    boolean embedded() {
        return jdbcUrl == null || jdbcUrl.equals("h2");
    }

    /** The {@code --datastore} argument for a server on {@code dataDir}, or null for the default. */
    String argument(Path dataDir) {
        if ("h2".equals(jdbcUrl)) {
            return dev.steward.server.store.DatastoreConfig.embeddedH2(dataDir).jdbcUrl();
        }
        return jdbcUrl;
    }
}
