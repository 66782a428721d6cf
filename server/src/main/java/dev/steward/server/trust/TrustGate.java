package dev.steward.server.trust;

import dev.steward.protocol.ModuleSpec;
import dev.steward.protocol.ResourceRef;
import dev.steward.protocol.TaskSpec;
import dev.steward.server.job.ExecutionGate;
import dev.steward.server.resource.Resource;
import dev.steward.server.resource.ResourceService;
import dev.steward.server.tenancy.TenantService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trusts at execution: when a run is handed to its agent, resolve each resource the module's tasks use to
 * its current content and, if the tenant's Trusts Security is enabled, require full trust between the
 * agent and the module (else the run fails with a breach of trust) and between the agent and each
 * resource (else that task is refused and its {@code on_error} decides).
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
        Map<String, Admission> admissions = new HashMap<>();
        if (TrustsSecurity.parse(tenants.trustsSecurity(tenantId)) != TrustsSecurity.ENABLED) {
            agentIds.forEach(id -> admissions.put(id, new Admission(resolved, null)));
            return admissions;
        }
        TrustSnapshot snapshot = snapshots.load(tenantId, agentIds);
        for (String agentId : agentIds) {
            TrustDecision decision = TrustEvaluator.evaluate(snapshot, agentId, TrustNode.module(module.name()));
            if (!decision.allowed()) {
                admissions.put(agentId, Admission.refused(decision.breachMessage(snapshot)));
                continue;
            }
            List<TaskSpec> admitted = new ArrayList<>(tasks);
            resourceIds.forEach((index, resourceId) -> {
                TrustDecision use = TrustEvaluator.evaluate(snapshot, agentId, TrustNode.resource(resourceId));
                if (!use.allowed()) {
                    admitted.set(index, admitted.get(index).refusedBecause(use.breachMessage(snapshot)));
                }
            });
            admissions.put(agentId, new Admission(new ModuleSpec(module.name(), module.version(), module.description(),
                    admitted), null));
        }
        return admissions;
    }
}
