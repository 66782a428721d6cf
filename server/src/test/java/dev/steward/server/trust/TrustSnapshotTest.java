package dev.steward.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrustSnapshotTest {
    @Test
    void anAgentsChainIsTheAgentItsTeamAndTheFoldersAboveNearestFirst() {
        TrustSnapshot s = AcmeTenant.tenant().build();
        assertThat(s.chain(AcmeTenant.A_DB_1)).containsExactly(
                AcmeTenant.A_DB_1, AcmeTenant.ACME_DB, AcmeTenant.ACME_PROD, AcmeTenant.ACME, AcmeTenant.CUSTOMERS);
        assertThat(s.chain(AcmeTenant.HELLO)).containsExactly(AcmeTenant.HELLO);
    }

    @Test
    void aNodeNeverDeclaredIsAtTheRoot() {
        TrustSnapshot s = TrustSnapshot.builder().team("t", "folder-not-declared").build();
        assertThat(s.chain(TrustNode.agent("ghost"))).containsExactly(TrustNode.agent("ghost"));
        assertThat(s.chain(TrustNode.team("t"))).containsExactly(TrustNode.team("t"), TrustNode.teamFolder("folder-not-declared"));
    }

    @Test
    void displayUsesTheGivenNameOrElseTheId() {
        TrustSnapshot s = AcmeTenant.tenant().build();
        assertThat(s.display(AcmeTenant.ACME)).isEqualTo("team folder /Customers/Acme");
        assertThat(s.display(AcmeTenant.A_WEB_1)).isEqualTo("agent a-web-1");
        assertThat(s.name(AcmeTenant.DEPLOY)).isEqualTo("deploy");
    }

    @Test
    void aNodeDeclaredTwiceMustBeDeclaredInTheSamePlace() {
        TrustSnapshot.Builder b = TrustSnapshot.builder().agent("a", "t1").agent("a", "t1");
        assertThatThrownBy(() -> b.agent("a", "t2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("agent a is declared twice, in team t1 and in team t2");
        assertThatThrownBy(() -> b.agent("a", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("agent a is declared twice, in team t1 and in the root");
    }

    @Test
    void aDisplayNameMustNotBeBlank() {
        assertThatThrownBy(() -> TrustSnapshot.builder().name(TrustNode.agent("a"), " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trustsAreIndexedByHolderAndKeptOnce() {
        TrustSnapshot s = TrustSnapshot.builder()
                .trust(TrustNode.agent("a"), TrustNode.module("m"))
                .trust(TrustNode.agent("a"), TrustNode.module("m"))
                .trust(TrustNode.agent("a"), TrustNode.resource("r"))
                .trust(TrustNode.module("m"), TrustNode.agent("a"))
                .build();
        assertThat(s.targetsHeldBy(TrustNode.agent("a"))).containsExactly(TrustNode.module("m"), TrustNode.resource("r"));
        assertThat(s.targetsHeldBy(TrustNode.agent("b"))).isEmpty();
        assertThat(s.entries()).hasSize(3);
    }

    @Test
    void onlyModulesAndResourcesAreEvaluated() {
        TrustSnapshot s = TrustSnapshot.builder().build();
        assertThatThrownBy(() -> TrustEvaluator.evaluate(s, "a", TrustNode.moduleFolder("f")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("module or a resource");
    }
}
