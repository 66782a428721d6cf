package dev.steward.e2e;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Admin writers: each applies modules with names of its own, each name once, as fast as answered. */
final class ModuleWriters {
    private final Installation steward;
    private final CrashCycles crashes;
    private final AckLedger ledger;
    private final List<String> problems;
    private volatile boolean stopped;

    ModuleWriters(Installation steward, CrashCycles crashes, AckLedger ledger, List<String> problems) {
        this.steward = steward;
        this.crashes = crashes;
        this.ledger = ledger;
        this.problems = problems;
    }

    void write(String writer) {
        RawClient admin = RawClient.admin(steward);
        // A name is never reused, even after a write that got no answer (it may have been stored).
        for (int n = 0; !stopped; n++) {
            String name = "d-" + writer + "-" + n;
            boolean[] refused = {false};
            crashes.write(cycle -> {
                RawClient.Answer answer = admin.send("POST", "/api/v1/modules", "application/yaml", yaml(name),
                        steward.adminToken());
                if (answer.status() == 201) {
                    ledger.add(AckLedger.Kind.MODULE, name, null, cycle);
                } else {
                    problems.add("POST /api/v1/modules " + name + ": " + answer);
                    refused[0] = true;
                }
            });
            if (refused[0]) {
                return;
            }
        }
    }

    void stop() {
        stopped = true;
    }

    static byte[] yaml(String name) {
        return ("name: " + name + "\ntasks:\n  - name: say\n    command: [\"echo\", \"quick\"]\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
