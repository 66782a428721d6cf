package dev.steward.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustDecisionTest {
    private static final TrustNode AGENT = TrustNode.agent("a");
    private static final TrustNode TEAM = TrustNode.team("t");
    private static final TrustNode MODULE = TrustNode.module("m");

    @Test
    void allowedMeansBothDirectionsTrusted() {
        TrustDecision.Direction yes = TrustDecision.Direction.found(TEAM, MODULE, List.of(AGENT, TEAM));
        TrustDecision.Direction no = TrustDecision.Direction.missing(List.of(MODULE));
        assertThatThrownBy(() -> new TrustDecision(true, yes, no, AGENT, MODULE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new TrustDecision(false, yes, no, AGENT, MODULE).allowed()).isFalse();
    }

    @Test
    void aDirectionIsHeldSomewhereInTheSearchedChain() {
        assertThatThrownBy(() -> TrustDecision.Direction.found(TrustNode.team("other"), MODULE, List.of(AGENT, TEAM)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrustDecision.Direction(false, TEAM, null, List.of(AGENT)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrustDecision.Direction.missing(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFoundDirectionNamesItsEntryAndWhetherItIsInherited() {
        TrustDecision.Direction d = TrustDecision.Direction.found(TEAM, MODULE, List.of(AGENT, TEAM));
        assertThat(d.holder()).isEqualTo(AGENT);
        assertThat(d.inherited()).isTrue();
        assertThat(d.entry()).contains(new TrustEntry(TEAM, MODULE));
        assertThat(TrustDecision.Direction.missing(List.of(AGENT)).entry()).isEmpty();
    }
}
