package dev.steward.server.trust;

import dev.steward.protocol.ModuleSpec;
import dev.steward.protocol.ResourceRef;
import dev.steward.protocol.TaskSpec;
import dev.steward.server.job.ExecutionGate;
import dev.steward.server.resource.Resource;
import dev.steward.server.resource.ResourceService;
import dev.steward.server.tenancy.TenantService;
import dev.steward.server.tenancy.TrustState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trusts at execution: when a run is handed to its agent, resolve each resource the module's tasks use to
 * its current content and, if the tenant's Trusts Security is enabled, require full trust between the
 * agent and the module (else the run fails with a breach of trust) and between the agent and each
 * resource (else that task is refused and its {@code on_error} decides).
 *
 * <p>Per call (one offer batch of one module): one read of the tenant's Trusts Security and trust version,
 * one read of where the agents sit, and one per resource the module uses; the tenant's trees and trusts
 * come from {@link TrustSnapshots}' cache while the version is unchanged. Agents are evaluated once per
 * {@link AgentClasses class} (same primary team, no trust of their own), not once per agent.
 */
public final class TrustGate implements ExecutionGate {
    private final TrustSnapshots snapshots;
    private final ResourceService resources;
    private final TenantService tenants;

    public TrustGate(TrustSnapshots snapshots, ResourceService resources, TenantService tenants) {
        this.snapshots = snapshots;
        this.resources = resources;
        this.tenants = tenants;
    }

    @Override
    public Map<String, Admission> admit(String tenantId, List<String> agentIds, ModuleSpec module) {
        List<TaskSpec> tasks = new ArrayList<>();
        Map<Integer, String> resourceIds = new HashMap<>();
        for (int i = 0; i < module.tasks().size(); i++) {
            TaskSpec task = module.tasks().get(i);
            if (task.resource() == null) {
                tasks.add(task);
                continue;
            }
            Optional<Resource> resource = resources.byName(tenantId, task.resource().name());
            if (resource.isEmpty()) {
                tasks.add(task.refusedBecause("resource '" + task.resource().name() + "' no longer exists in this tenant"));
            } else {
                resourceIds.put(i, resource.get().id());
                tasks.add(task.withResource(new ResourceRef(resource.get().name(), resource.get().sha256(), resource.get().size())));
            }
        }
        ModuleSpec resolved = new ModuleSpec(module.name(), module.version(), module.description(), tasks);
        TrustState state = tenants.trustState(tenantId);
        if (TrustsSecurity.parse(state.trustsSecurity()) != TrustsSecurity.ENABLED) {
            Map<String, Admission> admissions = new HashMap<>();
            agentIds.forEach(id -> admissions.put(id, new Admission(resolved, null)));
            return admissions;
        }
        return decide(snapshots.load(tenantId, state.version(), agentIds), agentIds, resolved, resourceIds);
    }

    /**
     * The decision for each agent, from the snapshot alone: the module must be fully trusted (else the
     * admission is refused with the breach), and each task's resource (by task index in
     * {@code resourceIds}) too (else that task is refused). One evaluation per class of agents; the
     * members of a class share its admitted spec, and a refusal is worded for each agent.
     */
    static Map<String, Admission> decide(TrustSnapshot snapshot, List<String> agentIds, ModuleSpec resolved,
            Map<Integer, String> resourceIds) {
        Map<String, Admission> admissions = new HashMap<>();
        TrustNode moduleNode = TrustNode.module(resolved.name());
        for (AgentClasses.AgentClass agentClass : AgentClasses.of(snapshot, agentIds)) {
            String representative = agentClass.representative();
            TrustDecision moduleDecision = TrustEvaluator.evaluate(snapshot, representative, moduleNode);
            if (!moduleDecision.allowed()) {
                for (String member : agentClass.members()) {
                    admissions.put(member, Admission.refused(AgentClasses.forMember(moduleDecision, member).breachMessage(snapshot)));
                }
                continue;
            }
            Map<Integer, TrustDecision> refusedUses = new LinkedHashMap<>();
            resourceIds.forEach((index, resourceId) -> {
                TrustDecision use = TrustEvaluator.evaluate(snapshot, representative, TrustNode.resource(resourceId));
                if (!use.allowed()) {
                    refusedUses.put(index, use);
                }
            });
            if (refusedUses.isEmpty()) {
                Admission shared = new Admission(resolved, null);
                agentClass.members().forEach(member -> admissions.put(member, shared));
                continue;
            }
            for (String member : agentClass.members()) {
                List<TaskSpec> admitted = new ArrayList<>(resolved.tasks());
                refusedUses.forEach((index, use) -> admitted.set(index,
                        admitted.get(index).refusedBecause(AgentClasses.forMember(use, member).breachMessage(snapshot))));
                admissions.put(member, new Admission(new ModuleSpec(resolved.name(), resolved.version(), resolved.description(),
                        admitted), null));
            }
        }
        return admissions;
    }
}
