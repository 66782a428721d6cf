package dev.steward.server.job;

import dev.steward.protocol.RunStatus;
import dev.steward.server.catalog.ModuleService;
import dev.steward.server.catalog.ModuleView;
import dev.steward.server.fleet.AgentRecord;
import dev.steward.server.fleet.AgentRegistry;
import dev.steward.server.http.ApiException;
import dev.steward.server.identity.Permission;
import dev.steward.server.identity.Principal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Admin-facing jobs: run a module on targets, show, list, cancel. */
public final class JobService {
    static final int MAX_TARGETS = 20_000;

    private final JobStore store;
    private final ModuleService modules;
    private final AgentRegistry agents;
    private final WorkListener work;
    private final LiveOutputHub live;
    private final Clock clock;

    public JobService(JobStore store, ModuleService modules, AgentRegistry agents, WorkListener work, LiveOutputHub live,
            Clock clock) {
        this.store = store;
        this.modules = modules;
        this.agents = agents;
        this.work = work;
        this.live = live;
        this.clock = clock;
    }

    /** True once every run of the job has ended (for ending a follow stream). */
    public boolean finished(Principal caller, String jobId) {
        caller.require(Permission.VIEW);
        return store.runsWithTasks(caller.tenantId(), jobId, false).stream()
                .allMatch(row -> row.run().status().isTerminal() && row.run().finishedAt() != null);
    }

    /** Live output of the job's running tasks from now on (push agents stream it); close when done. */
    public LiveOutputHub.Subscription follow(Principal caller, String jobId) {
        caller.require(Permission.VIEW);
        find(caller.tenantId(), jobId);
        return live.subscribe(jobId);
    }

    public record RunRequest(String module, List<String> targets) {
    }

    public JobView run(Principal caller, RunRequest request) {
        caller.require(Permission.RUN_JOBS);
        if (request.module() == null || request.module().isBlank()) {
            throw ApiException.badRequest("module", "'module' is required: the name of a module to run");
        }
        if (request.targets() == null || request.targets().isEmpty()) {
            throw ApiException.badRequest("targets", "'targets' is required: one or more agent names");
        }
        if (request.targets().size() > MAX_TARGETS) {
            throw ApiException.badRequest("targets", "at most " + MAX_TARGETS + " targets per job");
        }
        ModuleView module = modules.latest(caller.tenantId(), request.module());
        List<String> names = new ArrayList<>(new LinkedHashSet<>(request.targets()));
        List<String> agentIds = agents.resolveTargets(caller.tenantId(), names).stream().map(AgentRecord::id).toList();
        String jobId = store.create(caller.tenantId(), module.id(), caller.tokenId(), clock.instant(), agentIds);
        work.runsCreated(jobId, agentIds);
        return view(caller.tenantId(), jobId);
    }

    /** Without output, tasks carry null stdout/stderr: cheap enough to poll for progress. */
    public JobView show(Principal caller, String jobId, boolean withOutput) {
        caller.require(Permission.VIEW);
        return view(caller.tenantId(), jobId, withOutput);
    }

    public List<JobSummary> list(Principal caller, int limit) {
        caller.require(Permission.VIEW);
        List<JobStore.JobRow> jobs = store.list(caller.tenantId(), Math.max(1, Math.min(limit, 1000)));
        Map<String, Map<RunStatus, Integer>> counts = store.runCounts(jobs.stream().map(JobStore.JobRow::id).toList());
        return jobs.stream().map(job -> {
            Map<RunStatus, Integer> byStatus = counts.getOrDefault(job.id(), Map.of());
            Map<String, Integer> runs = new LinkedHashMap<>();
            byStatus.forEach((status, n) -> runs.put(status.wireName(), n));
            List<RunStatus> all = new ArrayList<>();
            byStatus.forEach((status, n) -> all.addAll(java.util.Collections.nCopies(n, status)));
            return new JobSummary(job.id(), job.moduleName(), job.moduleVersion(), JobStatus.of(all), job.createdAt(), runs);
        }).toList();
    }

    public JobView cancel(Principal caller, String jobId) {
        caller.require(Permission.RUN_JOBS);
        find(caller.tenantId(), jobId);
        store.cancel(caller.tenantId(), jobId, clock.instant());
        JobView job = view(caller.tenantId(), jobId);
        work.workChanged(job.runs().stream().map(RunView::agentId).toList());
        return job;
    }

    private JobStore.JobRow find(String tenantId, String jobId) {
        return store.find(tenantId, jobId)
                .orElseThrow(() -> ApiException.notFound("no job with id '" + jobId + "' in this tenant; see 'steward jobs list'"));
    }

    private JobView view(String tenantId, String jobId) {
        return view(tenantId, jobId, true);
    }

    private JobView view(String tenantId, String jobId, boolean withOutput) {
        JobStore.JobRow job = find(tenantId, jobId);
        List<JobStore.RunWithTasks> rows = store.runsWithTasks(tenantId, jobId, withOutput);
        List<RunView> runs = rows.stream().map(row -> {
            JobStore.RunRow run = row.run();
            return new RunView(run.id(), run.agentName(), run.agentId(), run.status().wireName(), run.createdAt(),
                    run.deliveredAt(), run.startedAt(), run.finishedAt(), run.error(), List.copyOf(row.tasks()));
        }).toList();
        String status = JobStatus.of(rows.stream().map(row -> row.run().status()).toList());
        return new JobView(job.id(), job.moduleName(), job.moduleVersion(), status, job.createdAt(), runs);
    }
}
