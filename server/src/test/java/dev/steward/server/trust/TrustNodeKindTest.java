package dev.steward.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrustNodeKindTest {
    @Test
    void wireNamesAreLowercaseAndRoundTrip() {
        assertThat(TrustNodeKind.TEAM_FOLDER.wireName()).isEqualTo("team_folder");
        assertThat(TrustNodeKind.RESOURCE.wireName()).isEqualTo("resource");
        for (TrustNodeKind kind : TrustNodeKind.values()) {
            assertThat(TrustNodeKind.fromWire(kind.wireName())).isEqualTo(kind);
        }
        assertThatThrownBy(() -> TrustNodeKind.fromWire("TEAM")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void familiesAndSides() {
        assertThat(TrustNodeKind.AGENT.family()).isEqualTo(TrustFamily.TEAM);
        assertThat(TrustNodeKind.MODULE_FOLDER.family()).isEqualTo(TrustFamily.MODULE);
        assertThat(TrustNodeKind.RESOURCE_FOLDER.family()).isEqualTo(TrustFamily.RESOURCE);
        assertThat(TrustNodeKind.TEAM_FOLDER.agentSide()).isTrue();
        assertThat(TrustNodeKind.MODULE.agentSide()).isFalse();
    }

    @Test
    void eachKindInheritsFromTheRightKind() {
        assertThat(TrustNodeKind.AGENT.parentKind()).isEqualTo(TrustNodeKind.TEAM);
        assertThat(TrustNodeKind.TEAM.parentKind()).isEqualTo(TrustNodeKind.TEAM_FOLDER);
        assertThat(TrustNodeKind.TEAM_FOLDER.parentKind()).isEqualTo(TrustNodeKind.TEAM_FOLDER);
        assertThat(TrustNodeKind.MODULE.parentKind()).isEqualTo(TrustNodeKind.MODULE_FOLDER);
        assertThat(TrustNodeKind.RESOURCE.parentKind()).isEqualTo(TrustNodeKind.RESOURCE_FOLDER);
    }

    @Test
    void aNodeNeedsAnId() {
        assertThatThrownBy(() -> TrustNode.agent(" ")).isInstanceOf(IllegalArgumentException.class).hasMessage("a agent needs an id");
        assertThatThrownBy(() -> new TrustNode(null, "x")).isInstanceOf(NullPointerException.class);
        assertThat(TrustNode.teamFolder("f1")).hasToString("team folder f1");
    }
}
