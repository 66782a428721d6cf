package dev.steward.bench;

import java.util.List;
import java.util.Map;

/**
 * Trusts Security enabled on the bench tenant, with {@code count} trusts that the gate must read for every
 * run: the whole fleet as the primary members of one team, full trust between that team and the bench
 * module (2 trusts), and the rest as full trust pairs between further (empty) teams and the same module,
 * so the module's side holds about {@code count / 2} trusts to search through.
 */
final class BenchTrusts {
    static final String FLEET_TEAM = "bench-fleet";
    private static final int CHUNK = 1_000;

    private BenchTrusts() {
    }

    /** Sets it up through the admin API; returns how many trusts the tenant holds after it. */
    static int setUp(AdminApi api, int agents, int count) {
        if (count < 2 || count % 2 != 0) {
            throw new IllegalArgumentException("--trusts must be an even number of at least 2, got " + count);
        }
        api.post("/api/v1/teams", Map.of("name", FLEET_TEAM));
        List<String> names = Prepared.names(agents);
        for (int from = 0; from < names.size(); from += CHUNK) {
            List<String> chunk = names.subList(from, Math.min(names.size(), from + CHUNK));
            api.post("/api/v1/teams/" + FLEET_TEAM + "/members/add", Map.of("agents", chunk));
            api.post("/api/v1/teams/" + FLEET_TEAM + "/primary", Map.of("agents", chunk));
        }
        trustBothWays(api, FLEET_TEAM);
        for (int i = 1; i < count / 2; i++) {
            String team = String.format("bench-other-%03d", i);
            api.post("/api/v1/teams", Map.of("name", team));
            trustBothWays(api, team);
        }
        api.post("/api/v1/trusts/security", Map.of("trusts_security", "enabled"));
        return api.get("/api/v1/trusts").size();
    }

    private static void trustBothWays(AdminApi api, String team) {
        api.post("/api/v1/trusts", Map.of("holder_kind", "team", "holder", team, "target_kind", "module",
                "target", Prepared.MODULE));
        api.post("/api/v1/trusts", Map.of("holder_kind", "module", "holder", Prepared.MODULE, "target_kind", "team",
                "target", team));
    }
}
