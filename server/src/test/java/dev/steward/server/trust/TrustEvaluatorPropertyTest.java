package dev.steward.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/** The evaluator against {@link TrustReference} on random tenants: same answers, and honest explanations. */
class TrustEvaluatorPropertyTest {

    @Provide
    Arbitrary<TrustWorld> worlds() {
        return TrustWorlds.worlds();
    }

    @Property(tries = 500)
    void agreesWithTheBruteForceReferenceOnEveryPair(@ForAll("worlds") TrustWorld world) {
        TrustSnapshot snapshot = world.snapshot(world.entries());
        TrustReference reference = new TrustReference(world.parents(), world.entries(), world.allNodes());
        int allowed = 0;
        int oneSided = 0;
        for (TrustNode agent : world.nodes(TrustNodeKind.AGENT)) {
            for (TrustNode object : world.objects()) {
                TrustDecision decision = TrustEvaluator.evaluate(snapshot, agent.id(), object);
                boolean agentSide = reference.trusts(agent, object);
                boolean objectSide = reference.trusts(object, agent);
                assertThat(decision.agentSide().trusted()).as("agent side of %s / %s", agent, object).isEqualTo(agentSide);
                assertThat(decision.objectSide().trusted()).as("object side of %s / %s", agent, object).isEqualTo(objectSide);
                assertThat(decision.allowed()).as("decision for %s / %s", agent, object).isEqualTo(agentSide && objectSide);
                assertThat(decision.agent()).isEqualTo(agent);
                assertThat(decision.object()).isEqualTo(object);
                checkDirection(reference, decision.agentSide(), agent, object);
                checkDirection(reference, decision.objectSide(), object, agent);
                allowed += decision.allowed() ? 1 : 0;
                oneSided += decision.agentSide().trusted() != decision.objectSide().trusted() ? 1 : 0;
            }
        }
        // Guard against a vacuous property: enough worlds must have grants and one-sided refusals.
        Statistics.label("pairs fully trusted").collect(allowed == 0 ? "none" : "some");
        Statistics.label("pairs trusted one way only").collect(oneSided == 0 ? "none" : "some");
        assertThat(world.entries()).hasSizeLessThanOrEqualTo(25);
        Statistics.label("trusts").collect(world.entries().size() / 5 * 5 + "+");
        Statistics.label("pairs fully trusted").coverage(c -> c.check("some").percentage(p -> p >= 40));
        Statistics.label("pairs trusted one way only").coverage(c -> c.check("some").percentage(p -> p >= 40));
    }

    private static void checkDirection(TrustReference reference, TrustDecision.Direction direction, TrustNode holder, TrustNode other) {
        assertThat(direction.searched()).as("chain searched for %s", holder).isEqualTo(reference.lineage(holder));
        if (!direction.trusted()) {
            assertThat(direction.heldBy()).isNull();
            assertThat(direction.names()).isNull();
            return;
        }
        TrustNode heldBy = direction.heldBy();
        TrustNode names = direction.names();
        assertThat(reference.lineage(holder)).as("heldBy is in %s's chain", holder).contains(heldBy);
        assertThat(reference.leavesCoveredBy(names)).as("%s covers %s", names, other).contains(other);
        assertThat(reference.explicit(heldBy)).as("(%s, %s) is a configured trust", heldBy, names)
                .contains(new TrustEntry(heldBy, names));
        assertThat(direction.searched().indexOf(heldBy)).as("nearest holder for %s -> %s", holder, other)
                .isEqualTo(reference.nearestHoldingLevel(holder, other));
        assertThat(reference.steps(other, names)).as("most specific target held by %s for %s", heldBy, other)
                .isEqualTo(reference.mostSpecificSteps(heldBy, other));
        assertThat(direction.inherited()).isEqualTo(!heldBy.equals(holder));
        Statistics.label("trusted directions").collect(
                (direction.inherited() ? "inherited" : "explicit") + ", naming " + (names.equals(other) ? "the leaf" : "a container"));
    }

    @Property(tries = 200)
    void theOrderTrustsWereAddedInChangesNothing(@ForAll("worlds") TrustWorld world) {
        List<TrustEntry> reversed = new ArrayList<>(world.entries());
        Collections.reverse(reversed);
        TrustSnapshot forward = world.snapshot(world.entries());
        TrustSnapshot backward = world.snapshot(reversed);
        for (TrustNode agent : world.nodes(TrustNodeKind.AGENT)) {
            for (TrustNode object : world.objects()) {
                assertThat(TrustEvaluator.evaluate(backward, agent.id(), object))
                        .isEqualTo(TrustEvaluator.evaluate(forward, agent.id(), object));
            }
        }
    }

    @Property(tries = 200)
    void chainsAreTheNodeAndItsAncestors(@ForAll("worlds") TrustWorld world) {
        TrustSnapshot snapshot = world.snapshot(world.entries());
        TrustReference reference = new TrustReference(world.parents(), world.entries(), world.allNodes());
        for (TrustNode node : world.allNodes()) {
            assertThat(snapshot.chain(node)).isEqualTo(reference.lineage(node));
        }
    }

    /** Any parent function at all, cycles included: the builder refuses exactly those with a cycle. */
    @Property(tries = 300)
    void aCycleAnywhereInFolderParentsIsRejected(
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = -1, max = 7) Integer> rawParents,
            @ForAll("folderKinds") TrustNodeKind folderKind) {
        int n = rawParents.size();
        Map<Integer, Integer> parent = new HashMap<>();
        for (int i = 0; i < n; i++) {
            parent.put(i, rawParents.get(i) < n ? rawParents.get(i) : -1);
        }
        TrustSnapshot.Builder builder = TrustSnapshot.builder();
        for (int i = 0; i < n; i++) {
            String p = parent.get(i) < 0 ? null : "f" + parent.get(i);
            switch (folderKind) {
                case TEAM_FOLDER -> builder.teamFolder("f" + i, p);
                case MODULE_FOLDER -> builder.moduleFolder("f" + i, p);
                default -> builder.resourceFolder("f" + i, p);
            }
        }
        if (hasCycle(parent)) {
            assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cycle");
        } else {
            TrustSnapshot snapshot = builder.build();
            for (int i = 0; i < n; i++) {
                assertThat(snapshot.chain(new TrustNode(folderKind, "f" + i))).hasSizeLessThanOrEqualTo(n);
            }
        }
    }

    @Provide
    Arbitrary<TrustNodeKind> folderKinds() {
        return Arbitraries.of(TrustNodeKind.TEAM_FOLDER, TrustNodeKind.MODULE_FOLDER, TrustNodeKind.RESOURCE_FOLDER);
    }

    /** With n nodes, a walk longer than n steps must revisit one. */
    private static boolean hasCycle(Map<Integer, Integer> parent) {
        for (int start : parent.keySet()) {
            Set<Integer> seen = new HashSet<>();
            for (int at = start; at >= 0; at = parent.get(at)) {
                if (!seen.add(at)) {
                    return true;
                }
            }
        }
        return false;
    }
}
