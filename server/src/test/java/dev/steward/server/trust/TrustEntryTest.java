package dev.steward.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrustEntryTest {
    private static final Set<TrustNodeKind> AGENT_SIDE = EnumSet.of(TrustNodeKind.TEAM_FOLDER, TrustNodeKind.TEAM, TrustNodeKind.AGENT);

    @Test
    void aTrustJoinsTheAgentSideWithTheModuleOrResourceSideInEitherDirection() {
        int legal = 0;
        for (TrustNodeKind holder : TrustNodeKind.values()) {
            for (TrustNodeKind target : TrustNodeKind.values()) {
                TrustNode h = new TrustNode(holder, "h");
                TrustNode t = new TrustNode(target, "t");
                if (AGENT_SIDE.contains(holder) != AGENT_SIDE.contains(target)) {
                    assertThat(new TrustEntry(h, t).holder()).isEqualTo(h);
                    legal++;
                } else {
                    assertThatThrownBy(() -> new TrustEntry(h, t)).as("%s -> %s", holder, target)
                            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot hold a trust on");
                }
            }
        }
        assertThat(legal).isEqualTo(3 * 4 + 4 * 3);
    }

    @Test
    void aModuleCannotTrustAResource() {
        assertThatThrownBy(() -> new TrustEntry(TrustNode.module("deploy"), TrustNode.resource("iso")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a module cannot hold a trust on a resource");
    }

    @Test
    void bothEndsAreRequired() {
        assertThatThrownBy(() -> new TrustEntry(null, TrustNode.module("m"))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new TrustEntry(TrustNode.agent("a"), null)).isInstanceOf(NullPointerException.class);
    }
}
