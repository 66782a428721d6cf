package dev.steward.bench;

import java.util.Map;

/**
 * Which datastore a server under test uses: the embedded H2 default ({@code jdbcUrl == null}) or a
 * PostgreSQL the bench script started ({@code STEWARD_BENCH_PG_URL}, user and password).
 */
record Datastore(String name, String jdbcUrl, Map<String, String> env) {
    static Datastore h2() {
        return new Datastore("h2", null, Map.of());
    }

    static Datastore fromName(String name) {
        if ("h2".equals(name)) {
            return h2();
        }
        if (!"postgres".equals(name)) {
            throw new IllegalArgumentException("--datastore must be h2 or postgres, got '" + name + "'");
        }
        String url = System.getenv("STEWARD_BENCH_PG_URL");
        if (url == null) {
            throw new IllegalArgumentException("--datastore postgres needs STEWARD_BENCH_PG_URL (bench/run starts one)");
        }
        return new Datastore("postgres", url, Map.of("STEWARD_DB_USER", System.getenv("STEWARD_BENCH_PG_USER"),
                "STEWARD_DB_PASSWORD", System.getenv("STEWARD_BENCH_PG_PASSWORD")));
    }
}
