package dev.steward.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.protocol.Wire;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TrustExplainTest {

    @Test
    void eachDirectionSaysWhereItIsSetOrWhereItWasLookedFor() throws Exception {
        String json = """
                {"agent": "web-01", "object_kind": "module", "object": "deploy", "decision": "refused",
                 "trusts_security": "enabled", "applied": true,
                 "agent_side": {"trusted": true, "held_by": "/Acme", "held_by_kind": "team_folder", "inherited": true,
                                "names": "/Ops", "names_kind": "module_folder", "searched": ["agent web-01", "team acme-web"]},
                 "object_side": {"trusted": false, "held_by": null, "held_by_kind": null, "inherited": false,
                                 "names": null, "names_kind": null,
                                 "searched": ["module deploy", "module folder /Ops/Deploy", "module folder /Ops"]},
                 "message": "breach of trust: module 'deploy' does not trust agent 'web-01'"}
                """;
        StringWriter text = new StringWriter();
        TrustsCommand.explain(new PrintWriter(text), Wire.json().readTree(json));
        assertThat(text.toString().lines()).containsExactly(
                "decision: refused",
                "Trusts Security: enabled (trusts are applied)",
                "agent side: agent web-01 trusts module deploy? yes, via module folder /Ops, set on team folder /Acme (inherited)",
                "module side: module deploy trusts agent web-01? missing; searched: module deploy, module folder /Ops/Deploy, "
                        + "module folder /Ops",
                "breach of trust: module 'deploy' does not trust agent 'web-01'");
    }
}
