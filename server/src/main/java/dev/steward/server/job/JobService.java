package dev.steward.server.job;

import dev.steward.protocol.RunStatus;
import dev.steward.server.catalog.CompositeService;
import dev.steward.server.catalog.ModuleService;
import dev.steward.server.catalog.ProjectSpec;
import dev.steward.server.catalog.RunbookSpec;
import dev.steward.server.catalog.Targets;
import dev.steward.server.catalog.ModuleView;
import dev.steward.server.fleet.AgentRecord;
import dev.steward.server.http.ApiException;
import dev.steward.server.identity.Permission;
import dev.steward.server.identity.Principal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Admin-facing jobs: run a module on targets, show, list, cancel. */
public final class JobService {
    static final int MAX_TARGETS = 20_000;

    private final JobStore store;
    private final ModuleService modules;
    private final CompositeService composites;
    private final TargetResolver targets;
    private final WorkListener work;
    private final LiveOutputHub live;
    private final Clock clock;

    public JobService(JobStore store, ModuleService modules, CompositeService composites, TargetResolver targets,
            WorkListener work, LiveOutputHub live, Clock clock) {
        this.store = store;
        this.modules = modules;
        this.composites = composites;
        this.targets = targets;
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

    /**
     * What to run (exactly one of module, project, runbook) and where: agent names ({@code targets}),
     * teams, and a label selector, combined. A run book's steps may name their own targets; a step
     * without any uses these.
     */
    public record RunRequest(String module, String project, String runbook, List<String> targets, List<String> teams,
            String selector) {
        public RunRequest(String module, List<String> targets) {
            this(module, null, null, targets, null, null);
        }

        Targets where() {
            return new Targets(targets, teams, selector);
        }
    }

    /** Creates the job; the answer counts its runs without listing them. */
    public JobCreated run(Principal caller, RunRequest request) {
        return run(caller, request, false);
    }

    /**
     * Creates the job. The answer counts its runs by status (one grouped query, whatever the fan-out) and,
     * with {@code withRuns}, also lists every run as {@link #show} would.
     */
    public JobCreated run(Principal caller, RunRequest request, boolean withRuns) {
        caller.require(Permission.RUN_JOBS);
        Plan plan = plan(caller.tenantId(), request);
        String jobId = store.create(caller.tenantId(), plan.kind(), plan.name(), plan.moduleId(), caller.tokenId(),
                clock.instant(), plan.runs());
        work.runsCreated(jobId, plan.runs().stream().filter(r -> !r.waiting()).map(JobStore.PlannedRun::agentId)
                .distinct().toList());
        if (withRuns) {
            JobView job = view(caller.tenantId(), jobId);
            Map<RunStatus, Integer> counts = new java.util.EnumMap<>(RunStatus.class);
            job.runs().forEach(run -> counts.merge(RunStatus.fromWire(run.status()), 1, Integer::sum));
            return new JobCreated(job.id(), job.module(), job.moduleVersion(), job.status(), job.createdAt(), job.kind(),
                    job.name(), byWireName(counts), job.runs().size(), job.runs());
        }
        JobStore.JobRow job = find(caller.tenantId(), jobId);
        Map<RunStatus, Integer> counts = new java.util.EnumMap<>(RunStatus.class);
        counts.putAll(store.runCounts(List.of(jobId)).getOrDefault(jobId, Map.of()));
        return new JobCreated(job.id(), job.moduleName(), job.moduleVersion(), status(counts), job.createdAt(), job.kind(),
                job.name(), byWireName(counts), counts.values().stream().mapToInt(Integer::intValue).sum(), null);
    }

    /** Status → count by wire name, in the order of {@link RunStatus} (the counts are an EnumMap). */
    private static Map<String, Integer> byWireName(Map<RunStatus, Integer> counts) {
        Map<String, Integer> byName = new LinkedHashMap<>();
        counts.forEach((status, n) -> byName.put(status.wireName(), n));
        return byName;
    }

    /** The job status derived from how many runs are in each state. */
    private static String status(Map<RunStatus, Integer> counts) {
        List<RunStatus> all = new ArrayList<>();
        counts.forEach((status, n) -> all.addAll(java.util.Collections.nCopies(n, status)));
        return JobStatus.of(all);
    }

    /** Checks that the request could run now (what exists, whom it targets) without creating a job: for schedules. */
    public void check(Principal caller, RunRequest request) {
        caller.require(Permission.RUN_JOBS);
        plan(caller.tenantId(), request);
    }

    /** What a job will create: its kind, what it runs and one planned run per agent and module. */
    private record Plan(String kind, String name, String moduleId, List<JobStore.PlannedRun> runs) {
    }

    private Plan plan(String tenant, RunRequest request) {
        int what = (blank(request.module()) ? 0 : 1) + (blank(request.project()) ? 0 : 1) + (blank(request.runbook()) ? 0 : 1);
        if (what != 1) {
            throw ApiException.badRequest("module", "name exactly one of 'module', 'project' or 'runbook' to run");
        }
        if (!blank(request.module())) {
            ModuleView module = modules.latest(tenant, request.module());
            return new Plan("module", module.name(), module.id(), planModule(tenant, module, request.where(), 0, false, "targets"));
        }
        if (!blank(request.project())) {
            return new Plan("project", request.project(), null,
                    planProject(tenant, request.project(), request.where(), 0, false, "targets"));
        }
        return new Plan("runbook", request.runbook(), null, planRunbook(tenant, request.runbook(), request.where()));
    }

    private List<JobStore.PlannedRun> planProject(String tenant, String name, Targets where, int step, boolean stepContinue,
            String field) {
        ProjectSpec project = composites.project(tenant, name);
        List<ModuleView> versions = project.modules().stream().map(e -> modules.latest(tenant, e.module())).toList();
        List<AgentRecord> agents = targets.resolve(tenant, where, field);
        requireRunCount((long) agents.size() * versions.size(), "project '" + name + "'");
        List<JobStore.PlannedRun> planned = new ArrayList<>();
        for (AgentRecord agent : agents) {
            for (int i = 0; i < versions.size(); i++) {
                planned.add(new JobStore.PlannedRun(agent.id(), versions.get(i).id(), step, i, stepContinue,
                        project.modules().get(i).continueOnFailure(), step > 0 || i > 0));
            }
        }
        return planned;
    }

    /** One run of the module per target agent; only step 0 may start at once. */
    private List<JobStore.PlannedRun> planModule(String tenant, ModuleView module, Targets where, int step,
            boolean stepContinue, String field) {
        return targets.resolve(tenant, where, field).stream()
                .map(a -> new JobStore.PlannedRun(a.id(), module.id(), step, 0, stepContinue, false, step > 0)).toList();
    }

    private List<JobStore.PlannedRun> planRunbook(String tenant, String name, Targets defaults) {
        RunbookSpec runbook = composites.runbook(tenant, name);
        List<JobStore.PlannedRun> planned = new ArrayList<>();
        for (int s = 0; s < runbook.steps().size(); s++) {
            RunbookSpec.Step step = runbook.steps().get(s);
            Targets where = step.targets().isEmpty() ? defaults : step.targets();
            String field = "steps[" + s + "].targets";
            if (where.isEmpty()) {
                throw ApiException.badRequest(field, "run book '" + name + "' step " + (s + 1)
                        + " names no targets; give the job targets (--targets, --teams, --selector) or the step its own");
            }
            if (step.module() != null) {
                planned.addAll(planModule(tenant, modules.latest(tenant, step.module()), where, s, step.continueOnFailure(), field));
            } else {
                planned.addAll(planProject(tenant, step.project(), where, s, step.continueOnFailure(), field));
            }
            requireRunCount(planned.size(), "run book '" + name + "'");
        }
        return planned;
    }

    /** One job creates at most this many runs (agents × modules, over all steps). */
    static final int MAX_RUNS = 100_000;

    private static void requireRunCount(long runs, String what) {
        if (runs > MAX_RUNS) {
            throw ApiException.badRequest("targets", what + " would create " + runs + " runs (agents × modules); the limit is "
                    + MAX_RUNS + " per job: split the targets");
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
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
            return new JobSummary(job.id(), job.moduleName(), job.moduleVersion(), status(byStatus), job.createdAt(), runs,
                    job.kind(), job.name());
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
                    run.deliveredAt(), run.startedAt(), run.finishedAt(), run.error(), List.copyOf(row.tasks()),
                    run.moduleName(), run.moduleVersion(), run.step(), run.position());
        }).toList();
        String status = JobStatus.of(rows.stream().map(row -> row.run().status()).toList());
        return new JobView(job.id(), job.moduleName(), job.moduleVersion(), status, job.createdAt(), runs, job.kind(), job.name());
    }
}
