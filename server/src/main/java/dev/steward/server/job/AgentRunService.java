package dev.steward.server.job;

import dev.steward.protocol.ModuleSpec;
import dev.steward.protocol.ProtocolLimits;
import dev.steward.protocol.RunResult;
import dev.steward.protocol.RunStatus;
import dev.steward.protocol.ServerMessage;
import dev.steward.server.catalog.ModuleService;
import dev.steward.server.fleet.AgentRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent-facing side of jobs: what an agent should run or stop, and what it reports back. Delivery is
 * at-least-once (a run is offered until the agent says it started it); ingestion is idempotent.
 */
public final class AgentRunService {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRunService.class);
    /** Bound on the cached module specs, by encoded size: tenants share this cache. */
    private static final long MAX_CACHED_CHARS = 32L * 1024 * 1024;

    private final JobStore store;
    private final ModuleService modules;
    private final AgentRegistry agents;
    private final LiveOutputHub live;
    private final Clock clock;
    /** Run → job, for runs whose ownership was checked; live output comes in many small pieces. */
    private final Map<String, String> verifiedRuns = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > 10_000;
                }
            });
    /** Module versions are immutable, so a spec can be cached forever by id. */
    private final Map<String, ModuleSpec> specs = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong cachedChars = new java.util.concurrent.atomic.AtomicLong();

    private final ExecutionGate gate;
    private volatile WorkListener work = WorkListener.NONE;
    /** Job id → whether its runs are sequenced (project, run book); a job's kind never changes. */
    private final Map<String, Boolean> jobKinds = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 10_000;
                }
            });

    public AgentRunService(JobStore store, ModuleService modules, AgentRegistry agents, LiveOutputHub live,
            ExecutionGate gate, Clock clock) {
        this.store = store;
        this.modules = modules;
        this.agents = agents;
        this.live = live;
        this.gate = gate;
        this.clock = clock;
    }

    /** The push channel registers itself once it exists (it needs this service first). */
    public void useWorkListener(WorkListener listener) {
        this.work = listener;
    }

    /**
     * Relays a piece of live output to the job's followers, if any, and only for a run of this agent:
     * an agent can never write into another agent's (or tenant's) job stream.
     */
    public void output(String agentId, String agentName, String runId, String task, String stream, String text) {
        String key = agentId + "/" + runId;
        String jobId = verifiedRuns.get(key);
        if (jobId == null) {
            // Remember misses too (as ""), so unknown run ids cost one lookup, not one per piece.
            jobId = store.jobOfRun(agentId, runId).orElse("");
            verifiedRuns.put(key, jobId);
        }
        if (!jobId.isEmpty()) {
            live.publish(jobId, new OutputLine(agentName, task, stream, text));
        }
    }

    private int outputLimit(String agentId) {
        Integer limit = agents.settings(agentId).outputLimitBytes();
        return limit != null ? limit : ProtocolLimits.DEFAULT_OUTPUT_LIMIT_BYTES;
    }

    public List<ServerMessage> pendingWork(String agentId) {
        List<ServerMessage> messages = new ArrayList<>();
        List<JobStore.OpenRun> open = store.openRuns(agentId, clock.instant());
        // One admission per module (one read of the tenant's trusts), however many of its runs are open.
        Map<String, ExecutionGate.Admission> admissions = new java.util.HashMap<>();
        Map<String, String> offeredResources = new java.util.HashMap<>();
        Integer limit = null;
        for (JobStore.OpenRun run : open) {
            if (run.status() == RunStatus.CANCELLED) {
                messages.add(new ServerMessage.CancelRun(run.runId()));
                continue;
            }
            ExecutionGate.Admission admission = admissions.computeIfAbsent(run.moduleId(),
                    module -> gate.admit(run.tenantId(), agentId, spec(module)));
            if (admission.breach() != null) {
                if (refuse(run, admission.breach())) {
                    messages.add(new ServerMessage.CancelRun(run.runId()));
                }
                continue;
            }
            if (limit == null) {
                limit = outputLimit(agentId);
            }
            remember(run, admission.spec(), offeredResources);
            messages.add(new ServerMessage.AssignRun(run.runId(), run.jobId(), admission.spec(), limit));
        }
        store.recordResources(offeredResources);
        return messages;
    }

    /**
     * A run the gate refused. Never offered before: closed as failed with the breach, and the sequence moves
     * on. Already offered (the agent may hold it): cancelled with the breach, and true, so the caller tells
     * the agent to drop it.
     */
    private boolean refuse(JobStore.OpenRun run, String breach) {
        LOG.info("run {} of job {} refused on agent {}: {}", run.runId(), run.jobId(), run.agentId(), breach);
        if (run.firstOffer()) {
            if (store.failBeforeOffer(run.runId(), breach, clock.instant())) {
                advance(run.jobId(), run.agentId(), run.step());
            }
            return false;
        }
        return store.cancelAfterOffer(run.runId(), breach);
    }

    /** The content offered with a run, the first time: what its agent may later download. */
    private static void remember(JobStore.OpenRun run, ModuleSpec spec, Map<String, String> into) {
        if (!run.firstOffer() || run.resources() != null) {
            return;
        }
        java.util.Set<String> lines = new java.util.TreeSet<>();
        for (var task : spec.tasks()) {
            if (task.resource() != null && task.resource().sha256() != null && task.refused() == null) {
                lines.add(task.resource().name() + "=" + task.resource().sha256());
            }
        }
        if (!lines.isEmpty()) {
            into.put(run.runId(), String.join("\n", lines) + "\n");
        }
    }

    /** Releases the next runs of a project or run book job, if any, and tells the push channel. */
    private void advance(String jobId, String agentId, Integer step) {
        if (!sequenced(jobId)) {
            return;
        }
        List<String> released = store.advance(jobId, agentId, step, clock.instant());
        if (!released.isEmpty()) {
            work.workChanged(released);
        }
    }

    /** Module jobs (the common, large case) never wait on a sequence: don't lock their job row per result. */
    private boolean sequenced(String jobId) {
        Boolean known = jobKinds.get(jobId);
        if (known == null) {
            // Read outside the map's lock: a datastore wait while holding it would stall every other result.
            known = !store.jobKind(jobId).equals("module");
            jobKinds.putIfAbsent(jobId, known);
        }
        return known;
    }

    private boolean sequenced(org.jdbi.v3.core.Handle h, String jobId) {
        Boolean known = jobKinds.get(jobId);
        if (known == null) {
            known = !store.jobKind(h, jobId).equals("module");
            jobKinds.putIfAbsent(jobId, known);
        }
        return known;
    }

    /**
     * Whether an agent may download this content for one of its open runs: the run must be this agent's,
     * unfinished, have been offered that content for a resource, and the gate must still admit that
     * resource now (a trust removed meanwhile stops the download too).
     */
    public boolean mayDownload(String agentId, String runId, String sha256) {
        java.util.Optional<JobStore.OpenRun> found = store.openRun(agentId, runId);
        if (found.isEmpty()) {
            return false;
        }
        JobStore.OpenRun run = found.get();
        ExecutionGate.Admission admission = gate.admit(run.tenantId(), agentId, spec(run.moduleId()));
        if (admission.breach() != null) {
            return false;
        }
        java.util.Set<String> admittedNames = new java.util.HashSet<>();
        java.util.Set<String> currentHashes = new java.util.HashSet<>();
        for (var task : admission.spec().tasks()) {
            if (task.resource() != null && task.refused() == null) {
                admittedNames.add(task.resource().name());
                currentHashes.add(task.resource().sha256());
            }
        }
        if (run.resources() == null) {
            return currentHashes.contains(sha256);
        }
        return run.resources().lines().map(line -> line.split("=", 2))
                .anyMatch(pair -> pair.length == 2 && pair[1].equals(sha256) && admittedNames.contains(pair[0]));
    }

    /**
     * Assignments for the runs a new job just created for these (connected) agents, one per agent,
     * marked as offered: one query for the job plus a statement or two per thousand agents, instead of
     * several statements per agent.
     */
    public Map<String, ServerMessage> assignNewRuns(String jobId, List<String> agentIds) {
        List<JobStore.OpenRun> runs = store.offerNewRuns(jobId, agentIds, clock.instant());
        Map<String, Integer> limits = agents.outputLimits(runs.stream().map(JobStore.OpenRun::agentId).toList());
        Map<String, ServerMessage> assignments = new java.util.HashMap<>();
        Map<String, String> offeredResources = new java.util.HashMap<>();
        Map<String, List<JobStore.OpenRun>> byModule = new java.util.HashMap<>();
        runs.forEach(run -> byModule.computeIfAbsent(run.tenantId() + "/" + run.moduleId(), k -> new ArrayList<>()).add(run));
        for (List<JobStore.OpenRun> group : byModule.values()) {
            JobStore.OpenRun first = group.getFirst();
            Map<String, ExecutionGate.Admission> admissions = gate.admit(first.tenantId(),
                    group.stream().map(JobStore.OpenRun::agentId).toList(), spec(first.moduleId()));
            for (JobStore.OpenRun run : group) {
                ExecutionGate.Admission admission = admissions.get(run.agentId());
                if (admission.breach() != null) {
                    if (refuse(run, admission.breach())) {
                        assignments.put(run.agentId(), new ServerMessage.CancelRun(run.runId()));
                    }
                    continue;
                }
                remember(run, admission.spec(), offeredResources);
                Integer limit = limits.get(run.agentId());
                assignments.put(run.agentId(), new ServerMessage.AssignRun(run.runId(), run.jobId(), admission.spec(),
                        limit != null ? limit : ProtocolLimits.DEFAULT_OUTPUT_LIMIT_BYTES));
            }
        }
        store.recordResources(offeredResources);
        return assignments;
    }

    /** What storing one batch's reports left to do once committed: sequences to move on. */
    public record Recorded(List<Advance> advances) {
        static final Recorded NOTHING = new Recorded(List.of());
    }

    /** A stored (or re-sent) result of a project or run book run: its sequence may move on. */
    record Advance(String jobId, String agentId, int step) {
    }

    /**
     * Applies the reports of several agent batches within the caller's transaction (a group commit), with
     * a few statements for all of them: a run started and finished within the group costs only its result
     * (the result carries the start time), a run received and started only its start. Idempotent, like
     * every agent input: a re-sent report changes nothing. Keeps no state outside the transaction, so a
     * failed group can be applied again report by report. Returns one {@link Recorded} per report.
     */
    public List<Recorded> record(org.jdbi.v3.core.Handle h, List<RunReports> reports) {
        java.time.Instant now = clock.instant();
        java.util.Set<String> finishing = new java.util.HashSet<>();
        java.util.Set<String> starting = new java.util.HashSet<>();
        List<JobStore.AgentResult> results = new ArrayList<>();
        for (RunReports report : reports) {
            report.finished().forEach(result -> {
                finishing.add(result.runId());
                results.add(new JobStore.AgentResult(report.agentId(), result));
            });
            starting.addAll(report.started());
        }
        List<JobStore.AgentRun> accepted = new ArrayList<>();
        List<JobStore.AgentRun> started = new ArrayList<>();
        for (RunReports report : reports) {
            report.accepted().stream().filter(run -> !starting.contains(run) && !finishing.contains(run))
                    .forEach(run -> accepted.add(new JobStore.AgentRun(report.agentId(), run)));
            report.started().stream().filter(run -> !finishing.contains(run))
                    .forEach(run -> started.add(new JobStore.AgentRun(report.agentId(), run)));
        }
        store.markDelivered(h, accepted, now);
        store.markStarted(h, started, now);
        java.util.Iterator<JobStore.Ingested> outcomes = store.ingest(h, results, now).iterator();
        List<Recorded> recorded = new ArrayList<>(reports.size());
        for (RunReports report : reports) {
            List<Advance> advances = new ArrayList<>();
            for (RunResult result : report.finished()) {
                JobStore.Ingested ingested = outcomes.next();
                switch (ingested.outcome()) {
                    // A re-sent result may be all that is left to move a sequence on if this node stopped between
                    // storing the first delivery and advancing (the agent re-sends until acknowledged).
                    case STORED, DUPLICATE -> {
                        if (ingested.outcome() == JobStore.Ingestion.DUPLICATE) {
                            LOG.debug("duplicate result for run {} ignored", result.runId());
                        }
                        if (sequenced(h, ingested.jobId())) {
                            advances.add(new Advance(ingested.jobId(), report.agentId(), ingested.step()));
                        }
                    }
                    case NOT_YOURS -> LOG.warn("agent {} reported a result for run {}, which is not its own; dropped",
                            report.agentId(), result.runId());
                }
            }
            recorded.add(advances.isEmpty() ? Recorded.NOTHING : new Recorded(List.copyOf(advances)));
        }
        return recorded;
    }

    /** After the reports' group committed: move the sequences of the projects and run books concerned on. */
    public void afterRecorded(Recorded recorded) {
        for (Advance advance : recorded.advances()) {
            advance(advance.jobId(), advance.agentId(), advance.step());
        }
    }

    /** An agent that can no longer report (revoked) will never finish its runs: close them now, with the reason. */
    public Runnable closeRunsOfRemovedAgent(org.jdbi.v3.core.Handle h, String agentId, String reason) {
        List<String> jobs = store.jobsWithOpenRuns(h, agentId);
        store.closeOpenRuns(h, agentId, reason, clock.instant());
        return () -> jobs.forEach(job -> advance(job, null, null));
    }

    private ModuleSpec spec(String moduleId) {
        ModuleSpec cached = specs.get(moduleId);
        if (cached != null) {
            return cached;
        }
        ModuleSpec spec = modules.spec(moduleId);
        long size = approximateChars(spec);
        if (cachedChars.addAndGet(size) <= MAX_CACHED_CHARS) {
            if (specs.putIfAbsent(moduleId, spec) != null) {
                cachedChars.addAndGet(-size);
            }
        } else {
            cachedChars.addAndGet(-size);
        }
        return spec;
    }

    private static long approximateChars(ModuleSpec spec) {
        long chars = 256;
        for (var task : spec.tasks()) {
            chars += 256 + (task.script() == null ? 0 : task.script().length());
            if (task.command() != null) {
                chars += task.command().stream().mapToLong(String::length).sum();
            }
        }
        return chars;
    }
}
