package dev.steward.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.protocol.ModuleSpec;
import dev.steward.protocol.OnError;
import dev.steward.protocol.ResourceRef;
import dev.steward.protocol.TaskSpec;
import dev.steward.server.job.ExecutionGate.Admission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The gate's grouped admission (one evaluation per class of agents, on a cached tenant part with the agents
 * placed per call) against the obvious one (every agent evaluated on a snapshot built whole), on random
 * tenants: the same admission for every agent, refusal texts included.
 */
class AgentClassesPropertyTest {

    /** A random tenant, plus agents no trust names placed in its teams (so classes have several members). */
    record Case(TrustWorld world, List<Integer> extraAgentTeams, int module, List<Integer> taskResources) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<List<Integer>> extras = Arbitraries.integers().between(-1, 1000).list().ofMaxSize(30);
        // -1: a task without a resource; otherwise the resource index (modulo the world's resources).
        Arbitrary<List<Integer>> tasks = Arbitraries.integers().between(-1, 1000).list().ofMinSize(1).ofMaxSize(5);
        return net.jqwik.api.Combinators.combine(TrustWorlds.worlds(), extras, Arbitraries.integers().between(0, 1000), tasks)
                .as(Case::new);
    }

    @Property(tries = 500)
    void groupedAdmissionEqualsPerAgentAdmission(@ForAll("cases") Case c) {
        TrustWorld world = c.world();
        Map<String, String> agentTeams = agentTeams(world, c.extraAgentTeams());
        TrustSnapshot whole = wholeSnapshot(world, agentTeams);
        TrustSnapshot cachedPart = world.snapshotWithoutAgents();
        Map<String, TrustSnapshot.AgentPlacement> placements = new HashMap<>();
        agentTeams.forEach((id, team) -> placements.put(id, new TrustSnapshot.AgentPlacement(team, null)));
        TrustSnapshot placed = cachedPart.withAgents(placements);

        List<TrustNode> modules = world.nodes(TrustNodeKind.MODULE);
        List<TrustNode> resources = world.nodes(TrustNodeKind.RESOURCE);
        String module = modules.get(c.module() % modules.size()).id();
        List<TaskSpec> tasks = new ArrayList<>();
        Map<Integer, String> resourceIds = new HashMap<>();
        for (int i = 0; i < c.taskResources().size(); i++) {
            TaskSpec task = new TaskSpec("t" + i, List.of("true"), null, null, 10, OnError.CONTINUE, Map.of());
            int r = c.taskResources().get(i);
            if (r >= 0) {
                String resource = resources.get(r % resources.size()).id();
                task = task.withResource(new ResourceRef(resource, "0".repeat(64), 1L));
                resourceIds.put(i, resource);
            }
            tasks.add(task);
        }
        ModuleSpec resolved = new ModuleSpec(module, 1, "", tasks);
        List<String> agentIds = List.copyOf(agentTeams.keySet());

        Map<String, Admission> grouped = TrustGate.decide(placed, agentIds, resolved, resourceIds);
        Map<String, Admission> perAgent = perAgent(whole, agentIds, resolved, resourceIds);
        assertThat(grouped).isEqualTo(perAgent);

        // The decisions themselves, not only their wording: each member's rebased decision is its own.
        List<AgentClasses.AgentClass> classes = AgentClasses.of(placed, agentIds);
        assertThat(classes.stream().mapToInt(k -> k.members().size()).sum()).isEqualTo(agentIds.size());
        List<TrustNode> objects = new ArrayList<>(world.objects());
        for (AgentClasses.AgentClass agentClass : classes) {
            for (TrustNode object : objects) {
                TrustDecision once = TrustEvaluator.evaluate(placed, agentClass.representative(), object);
                for (String member : agentClass.members()) {
                    assertThat(AgentClasses.forMember(once, member)).as("%s for %s", object, member)
                            .isEqualTo(TrustEvaluator.evaluate(whole, member, object));
                }
            }
        }
        Statistics.label("largest class").collect(classes.stream().mapToInt(k -> k.members().size()).max().orElse(0) >= 3
                ? "3+" : "smaller");
        Statistics.label("module admitted").collect(perAgent.values().stream().anyMatch(a -> a.breach() == null) ? "some"
                : "none");
        Statistics.label("module refused").collect(perAgent.values().stream().anyMatch(a -> a.breach() != null) ? "some"
                : "none");
        Statistics.label("a task refused in an admitted module").collect(perAgent.values().stream()
                .anyMatch(a -> a.breach() == null && a.spec().tasks().stream().anyMatch(t -> t.refused() != null)) ? "some" : "none");
        Statistics.label("module admitted").coverage(k -> k.check("some").percentage(p -> p >= 30));
        Statistics.label("module refused").coverage(k -> k.check("some").percentage(p -> p >= 30));
        Statistics.label("a task refused in an admitted module").coverage(k -> k.check("some").percentage(p -> p >= 10));
    }

    /** The gate's loop before classes: every agent evaluated on its own. */
    private static Map<String, Admission> perAgent(TrustSnapshot snapshot, List<String> agentIds, ModuleSpec resolved,
            Map<Integer, String> resourceIds) {
        Map<String, Admission> admissions = new HashMap<>();
        for (String agentId : agentIds) {
            TrustDecision decision = TrustEvaluator.evaluate(snapshot, agentId, TrustNode.module(resolved.name()));
            if (!decision.allowed()) {
                admissions.put(agentId, Admission.refused(decision.breachMessage(snapshot)));
                continue;
            }
            List<TaskSpec> admitted = new ArrayList<>(resolved.tasks());
            resourceIds.forEach((index, resourceId) -> {
                TrustDecision use = TrustEvaluator.evaluate(snapshot, agentId, TrustNode.resource(resourceId));
                if (!use.allowed()) {
                    admitted.set(index, admitted.get(index).refusedBecause(use.breachMessage(snapshot)));
                }
            });
            admissions.put(agentId, new Admission(new ModuleSpec(resolved.name(), resolved.version(), resolved.description(),
                    admitted), null));
        }
        return admissions;
    }

    /** The world's agents (a0...) and the extra ones (x0...), each to its primary team id or null. */
    private static Map<String, String> agentTeams(TrustWorld world, List<Integer> extras) {
        Map<String, String> teams = new HashMap<>();
        for (int i = 0; i < world.agentTeams().size(); i++) {
            int team = world.agentTeams().get(i);
            teams.put("a" + i, team < 0 ? null : "t" + team);
        }
        int teamCount = world.teamFolders().size();
        for (int i = 0; i < extras.size(); i++) {
            int raw = extras.get(i);
            teams.put("x" + i, raw < 0 || teamCount == 0 ? null : "t" + (raw % teamCount));
        }
        return teams;
    }

    private static TrustSnapshot wholeSnapshot(TrustWorld world, Map<String, String> agentTeams) {
        TrustSnapshot.Builder builder = world.builderWithoutAgents();
        agentTeams.forEach(builder::agent);
        return builder.build();
    }
}
