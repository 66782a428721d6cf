package dev.steward.server.job;

import dev.steward.protocol.RunResult;
import dev.steward.protocol.RunStatus;
import dev.steward.protocol.TaskResult;
import dev.steward.server.store.RowLocks;
import dev.steward.server.store.Rows;
import dev.steward.server.store.TimeOrderedIds;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Jobs, their runs and task results. Every admin query is scoped by tenant. */
public final class JobStore {
    private final Jdbi jdbi;

    public JobStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** {@code kind}: module, project or runbook; {@code name} what was run; module fields only for module jobs. */
    record JobRow(String id, String kind, String name, String moduleId, String moduleName, Integer moduleVersion,
            Instant createdAt) {
    }

    record RunRow(String id, String jobId, String agentId, String agentName, RunStatus status, Instant createdAt,
            Instant deliveredAt, Instant startedAt, Instant finishedAt, String error, String moduleName,
            int moduleVersion, int step, int position) {
    }

    /** One run a new job creates: which module, where in the sequence, and whether it may start at once. */
    record PlannedRun(String agentId, String moduleId, int step, int position, boolean stepContinue,
            boolean moduleContinue, boolean waiting) {
    }

    /** A run the agent should (still) be told about. */
    /** {@code firstOffer}: not offered before this read (so not possibly queued on the agent yet). */
    record OpenRun(String runId, String jobId, String moduleId, RunStatus status, Instant finishedAt, String agentId,
            String tenantId, int step, boolean firstOffer, String resources) {
    }

    enum Ingestion { STORED, DUPLICATE, NOT_YOURS }

    /** What an ingestion did, and the run's job (null when the run is not the agent's). */
    record Ingested(Ingestion outcome, String jobId, int step) {
    }

    String create(String tenantId, String moduleId, String createdBy, Instant now, List<String> agentIds) {
        return create(tenantId, "module", null, moduleId, createdBy, now,
                agentIds.stream().map(a -> new PlannedRun(a, moduleId, 0, 0, false, false, false)).toList());
    }

    String create(String tenantId, String kind, String name, String moduleId, String createdBy, Instant now,
            List<PlannedRun> runs) {
        String jobId = TimeOrderedIds.next();
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                    INSERT INTO jobs (id, tenant_id, module_id, created_by, created_at, kind, name)
                    VALUES (:id, :tenant, :module, :by, :now, :kind,
                            COALESCE(:name, (SELECT m.name FROM modules m WHERE m.id = :module)))""")
                    .bind("id", jobId).bind("tenant", tenantId).bind("module", moduleId).bind("by", createdBy)
                    .bind("now", now).bind("kind", kind).bind("name", name).execute();
            var batch = h.prepareBatch("""
                    INSERT INTO runs (id, job_id, tenant_id, agent_id, status, created_at, module_id, step, position,
                                      step_continue, module_continue)
                    VALUES (:id, :job, :tenant, :agent, :status, :now, :module, :step, :position, :stepContinue, :moduleContinue)""");
            for (PlannedRun run : runs) {
                batch.bind("id", TimeOrderedIds.next()).bind("job", jobId).bind("tenant", tenantId)
                        .bind("agent", run.agentId()).bind("status", run.waiting() ? "waiting" : "pending").bind("now", now)
                        .bind("module", run.moduleId()).bind("step", run.step()).bind("position", run.position())
                        .bind("stepContinue", run.stepContinue()).bind("moduleContinue", run.moduleContinue()).add();
            }
            batch.execute();
        });
        return jobId;
    }

    /**
     * Releases or skips the job's waiting runs whose turn has come ({@link JobSequencer}), under a lock on
     * the job row so two nodes finishing runs of one job at once cannot both decide. Returns the agents
     * that now have a pending run.
     */
    List<String> advance(String jobId, String agentId, Integer step, Instant now) {
        return jdbi.inTransaction(h -> {
            String kind = h.createQuery("SELECT kind FROM jobs WHERE id = :id" + RowLocks.forUpdate(h)).bind("id", jobId)
                    .mapTo(String.class).findOne().orElse("module");
            if (kind.equals("module")) {
                return List.of();
            }
            List<String> released = new ArrayList<>();
            if (step != null && agentId != null) {
                // The agent's next module in this step: read only the agent's runs of the step.
                apply(h, JobSequencer.decide(sequenced(h, """
                        WHERE r.job_id = :job AND r.agent_id = :agent AND r.step = :step""", jobId, agentId, step)), now, released);
                int open = h.createQuery("""
                        SELECT COUNT(*) FROM runs WHERE job_id = :job AND step = :step
                          AND (status IN ('waiting', 'pending', 'delivered', 'running')
                               OR (status = 'cancelled' AND finished_at IS NULL))""")
                        .bind("job", jobId).bind("step", step).mapTo(Integer.class).one();
                if (open > 0) {
                    return released; // the step goes on elsewhere: the next step cannot start yet
                }
            }
            // A step ended (or we don't know which): decide over the whole job, once per step.
            apply(h, JobSequencer.decide(sequenced(h, "WHERE r.job_id = :job", jobId, null, null)), now, released);
            return released;
        });
    }

    private static List<JobSequencer.SeqRun> sequenced(Handle h, String where, String jobId, String agentId, Integer step) {
        var query = h.createQuery("""
                SELECT r.id, r.agent_id, r.step, r.position, r.status, r.finished_at, r.step_continue, r.module_continue, m.name
                FROM runs r JOIN modules m ON m.id = r.module_id""" + " " + where.strip()).bind("job", jobId);
        if (agentId != null) {
            query.bind("agent", agentId).bind("step", step);
        }
        // A cancel the agent has not confirmed may still be running there: not ended, for sequencing.
        return query.map((rs, ctx) -> new JobSequencer.SeqRun(rs.getString("id"), rs.getString("agent_id"),
                rs.getInt("step"), rs.getInt("position"), RunStatus.fromWire(rs.getString("status")) == RunStatus.CANCELLED
                        && rs.getObject("finished_at") == null ? RunStatus.RUNNING : RunStatus.fromWire(rs.getString("status")),
                rs.getBoolean("step_continue"), rs.getBoolean("module_continue"), rs.getString("name"))).list();
    }

    private static void apply(Handle h, List<JobSequencer.Decision> decisions, Instant now, List<String> released) {
        for (JobSequencer.Decision decision : decisions) {
            if (decision.status() == RunStatus.PENDING) {
                if (h.createUpdate("UPDATE runs SET status = 'pending' WHERE id = :id AND status = 'waiting'")
                        .bind("id", decision.runId()).execute() == 1) {
                    released.add(decision.agentId());
                }
            } else {
                h.createUpdate("""
                        UPDATE runs SET status = 'skipped', finished_at = :now, error = :error
                        WHERE id = :id AND status = 'waiting'""")
                        .bind("now", now).bind("error", decision.reason()).bind("id", decision.runId()).execute();
            }
        }
    }

    /**
     * A run already offered (possibly queued on its agent) that may no longer run (a trust was removed):
     * cancelled with the reason, and kept open so the agent is told to drop it.
     */
    boolean cancelAfterOffer(String runId, String error) {
        return jdbi.withHandle(h -> h.createUpdate("""
                UPDATE runs SET status = 'cancelled', error = :error
                WHERE id = :id AND status IN ('pending', 'delivered')""")
                .bind("error", error).bind("id", runId).execute()) == 1;
    }

    /** Remembers the resource content each run was offered ("name=sha256" lines), in one batch. */
    void recordResources(Map<String, String> byRun) {
        if (byRun.isEmpty()) {
            return;
        }
        jdbi.useHandle(h -> {
            var batch = h.prepareBatch("UPDATE runs SET resources = :resources WHERE id = :id AND resources IS NULL");
            byRun.forEach((run, resources) -> batch.bind("resources", resources).bind("id", run).add());
            batch.execute();
        });
    }

    /** Fails a run that was never handed to its agent (a breach of trust found when it was due). */
    boolean failBeforeOffer(String runId, String error, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                UPDATE runs SET status = 'failed', finished_at = :now, error = :error
                WHERE id = :id AND status IN ('pending', 'delivered')""")
                .bind("now", now).bind("error", error).bind("id", runId).execute()) == 1;
    }

    /** The jobs with unfinished runs on this agent (whose sequence may move on when they are closed). */
    List<String> jobsWithOpenRuns(Handle h, String agentId) {
        return h.createQuery("SELECT DISTINCT job_id FROM runs WHERE agent_id = :agent AND finished_at IS NULL")
                .bind("agent", agentId).mapTo(String.class).list();
    }

    Optional<JobRow> find(String tenantId, String jobId) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT j.id, j.kind, j.name AS job_name, j.module_id, m.name, m.version, j.created_at
                FROM jobs j LEFT JOIN modules m ON m.id = j.module_id
                WHERE j.id = :id AND j.tenant_id = :tenant""")
                .bind("id", jobId).bind("tenant", tenantId).map((rs, ctx) -> job(rs)).findOne());
    }

    List<JobRow> list(String tenantId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT j.id, j.kind, j.name AS job_name, j.module_id, m.name, m.version, j.created_at
                FROM jobs j LEFT JOIN modules m ON m.id = j.module_id
                WHERE j.tenant_id = :tenant ORDER BY j.created_at DESC, j.id LIMIT :limit""")
                .bind("tenant", tenantId).bind("limit", limit).map((rs, ctx) -> job(rs)).list());
    }

    /** Run status counts for several jobs at once, for listings. */
    Map<String, Map<RunStatus, Integer>> runCounts(List<String> jobIds) {
        Map<String, Map<RunStatus, Integer>> counts = new HashMap<>();
        if (jobIds.isEmpty()) {
            return counts;
        }
        jdbi.useHandle(h -> h.createQuery("""
                SELECT job_id, status, COUNT(*) AS n FROM runs WHERE job_id IN (<jobs>) GROUP BY job_id, status""")
                .bindList("jobs", jobIds)
                .map((rs, ctx) -> {
                    counts.computeIfAbsent(rs.getString("job_id"), k -> new LinkedHashMap<>())
                            .put(RunStatus.fromWire(rs.getString("status")), rs.getInt("n"));
                    return null;
                }).list());
        return counts;
    }

    /** A run with its task results, read together so the pair is consistent. */
    record RunWithTasks(RunRow run, List<TaskView> tasks) {
    }

    /**
     * Every run of a job with its task results, in one statement: one snapshot, so a result stored
     * meanwhile shows up with its status and its tasks, or not at all. Without output, stdout and
     * stderr come back null (for progress polling).
     */
    List<RunWithTasks> runsWithTasks(String tenantId, String jobId, boolean withOutput) {
        Map<String, RunWithTasks> byRun = new LinkedHashMap<>();
        String output = withOutput ? "t.stdout, t.stderr" : "CAST(NULL AS VARCHAR(1)) AS stdout, CAST(NULL AS VARCHAR(1)) AS stderr";
        jdbi.useHandle(h -> h.createQuery("""
                SELECT r.*, a.name AS agent_name, m.name AS module_name, m.version AS module_version,
                       t.seq, t.name AS task_name, t.status AS task_status, t.exit_code,
                       <output>, t.started_at AS task_started_at, t.finished_at AS task_finished_at
                FROM runs r JOIN agents a ON a.id = r.agent_id JOIN modules m ON m.id = r.module_id
                LEFT JOIN task_results t ON t.run_id = r.id
                WHERE r.job_id = :job AND r.tenant_id = :tenant ORDER BY r.step, a.name, r.position, r.id, t.seq""")
                .define("output", output)
                .bind("job", jobId).bind("tenant", tenantId)
                .map((rs, ctx) -> {
                    RunWithTasks entry = byRun.computeIfAbsent(rs.getString("id"),
                            k -> new RunWithTasks(uncheckedRun(rs), new ArrayList<>()));
                    if (rs.getString("task_name") != null) {
                        entry.tasks().add(new TaskView(rs.getString("task_name"), rs.getString("task_status"),
                                Rows.integer(rs, "exit_code"), rs.getString("stdout"), rs.getString("stderr"),
                                Rows.instant(rs, "task_started_at"), Rows.instant(rs, "task_finished_at")));
                    }
                    return null;
                }).list());
        return new ArrayList<>(byRun.values());
    }

    /**
     * Cancels every run that has not finished. Runs never offered to their agent are closed now; runs the
     * agent may hold stay open (finished_at null) and are answered with cancel_run until the agent confirms.
     */
    int cancel(String tenantId, String jobId, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                UPDATE runs SET status = 'cancelled',
                       finished_at = CASE WHEN status = 'waiting' OR (status = 'pending' AND offered_at IS NULL)
                                        THEN CAST(:now AS TIMESTAMP WITH TIME ZONE) ELSE NULL END
                WHERE job_id = :job AND tenant_id = :tenant AND status IN ('waiting', 'pending', 'delivered', 'running')""")
                .bind("now", now).bind("job", jobId).bind("tenant", tenantId).execute());
    }

    /** Closes every unfinished run of an agent that can no longer report (it was revoked). */
    int closeOpenRuns(Handle h, String agentId, String error, Instant now) {
        return h.createUpdate("""
                UPDATE runs SET status = CASE WHEN status = 'cancelled' THEN 'cancelled'
                                              WHEN status = 'waiting' THEN 'skipped' ELSE 'failed' END,
                       finished_at = :now, error = :error
                WHERE agent_id = :agent AND finished_at IS NULL""")
                .bind("now", now).bind("error", error).bind("agent", agentId).execute();
    }

    // ---- agent-facing ----

    /** At most this many runs are offered to one agent per exchange; the rest follow as these finish. */
    static final int MAX_OFFERED_PER_EXCHANGE = 20;

    /**
     * The runs an agent should hear about now, oldest first: assignments not yet started and
     * cancellations not yet confirmed. Marks the assignments as offered, which decides how a later
     * cancel treats them.
     */
    List<OpenRun> openRuns(String agentId, Instant now) {
        List<OpenRun> open = jdbi.withHandle(h -> h.createQuery("""
                SELECT r.id, r.job_id, r.agent_id, r.module_id, r.status, r.finished_at, r.tenant_id, r.step, r.offered_at,
                       r.resources
                FROM runs r
                WHERE r.agent_id = :agent
                  AND (r.status IN ('pending', 'delivered')
                       OR (r.status = 'cancelled' AND r.finished_at IS NULL))
                ORDER BY r.created_at, r.id
                LIMIT :limit""")
                .bind("agent", agentId).bind("limit", MAX_OFFERED_PER_EXCHANGE)
                .map((rs, ctx) -> openRun(rs))
                .list());
        List<String> offered = open.stream().filter(run -> run.status() != RunStatus.CANCELLED).map(OpenRun::runId).toList();
        if (offered.isEmpty()) {
            return open;
        }
        // First offer is decided by who set offered_at, not by what was read: a poll and a push racing for
        // the same run cannot both believe the agent has never seen it.
        java.util.Set<String> marked = new java.util.HashSet<>();
        jdbi.useTransaction(h -> {
            var batch = h.prepareBatch("UPDATE runs SET offered_at = :now WHERE id = :id AND offered_at IS NULL");
            offered.forEach(id -> batch.bind("now", now).bind("id", id).add());
            int[] updated = batch.execute();
            for (int i = 0; i < updated.length; i++) {
                if (updated[i] == 1) {
                    marked.add(offered.get(i));
                }
            }
        });
        return open.stream().map(run -> run.firstOffer() == marked.contains(run.runId()) ? run
                : new OpenRun(run.runId(), run.jobId(), run.moduleId(), run.status(), run.finishedAt(), run.agentId(),
                        run.tenantId(), run.step(), marked.contains(run.runId()), run.resources())).toList();
    }

    /**
     * The runs of a new job that are still pending for these agents, marked as offered: what a push
     * channel delivers the moment the job exists. In chunks, within every driver's bind-parameter limit.
     */
    List<OpenRun> offerNewRuns(String jobId, List<String> agentIds, Instant now) {
        // By job (indexed), then matched in memory: a long IN list of agent ids is not an index lookup.
        java.util.Set<String> wanted = new java.util.HashSet<>(agentIds);
        List<OpenRun> offered = jdbi.withHandle(h -> h.createQuery("""
                SELECT r.id, r.job_id, r.agent_id, r.module_id, r.status, r.finished_at, r.tenant_id, r.step, r.offered_at,
                       r.resources
                FROM runs r
                WHERE r.job_id = :job AND r.status = 'pending'""")
                .bind("job", jobId)
                .map((rs, ctx) -> openRun(rs))
                .stream().filter(run -> wanted.contains(run.agentId())).toList());
        // Mark, then keep only what is still pending and offered: a run cancelled meanwhile was closed
        // without a cancel_run (it was never offered), so it must not be pushed either. A cancel after
        // the mark keeps the run open and sends cancel_run, which the agent handles.
        List<String> runIds = offered.stream().map(OpenRun::runId).toList();
        java.util.Set<String> stillOffered = new java.util.HashSet<>();
        for (int from = 0; from < runIds.size(); from += 1000) {
            List<String> chunk = runIds.subList(from, Math.min(runIds.size(), from + 1000));
            stillOffered.addAll(jdbi.inTransaction(h -> {
                h.createUpdate("""
                        UPDATE runs SET offered_at = :now WHERE id IN (<runs>) AND status = 'pending' AND offered_at IS NULL""")
                        .bind("now", now).bindList("runs", chunk).execute();
                return h.createQuery("""
                        SELECT id FROM runs WHERE id IN (<runs>) AND status = 'pending' AND offered_at IS NOT NULL""")
                        .bindList("runs", chunk).mapTo(String.class).list();
            }));
        }
        offered = offered.stream().filter(run -> stillOffered.contains(run.runId())).toList();
        return offered;
    }

    String jobKind(String jobId) {
        return jdbi.withHandle(h -> jobKind(h, jobId));
    }

    String jobKind(Handle h, String jobId) {
        return h.createQuery("SELECT kind FROM jobs WHERE id = :id").bind("id", jobId)
                .mapTo(String.class).findOne().orElse("module");
    }

    /** The run, if it is this agent's and not finished. */
    Optional<OpenRun> openRun(String agentId, String runId) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT r.id, r.job_id, r.agent_id, r.module_id, r.status, r.finished_at, r.tenant_id, r.step, r.offered_at,
                       r.resources FROM runs r
                WHERE r.id = :run AND r.agent_id = :agent AND r.status IN ('pending', 'delivered', 'running')""")
                .bind("run", runId).bind("agent", agentId).map((rs, ctx) -> openRun(rs)).findOne());
    }

    /** The job of a run, if the run belongs to this agent. */
    Optional<String> jobOfRun(String agentId, String runId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT job_id FROM runs WHERE id = :run AND agent_id = :agent")
                .bind("run", runId).bind("agent", agentId).mapTo(String.class).findOne());
    }

    /** A run named by an agent's report: the agent is the one its certificate says, never the message. */
    record AgentRun(String agentId, String runId) {
    }

    /** A result as its agent reported it. */
    record AgentResult(String agentId, RunResult result) {
    }

    /** Runs the agents have received: {@code delivered}, unless they have moved on already. One batch. */
    void markDelivered(Handle h, List<AgentRun> runs, Instant now) {
        batchUpdate(h, """
                UPDATE runs SET status = 'delivered', delivered_at = :now
                WHERE id = :id AND agent_id = :agent AND status = 'pending'""", runs, now);
    }

    /** Runs the agents have started: {@code running}, unless they have moved on already. One batch. */
    void markStarted(Handle h, List<AgentRun> runs, Instant now) {
        batchUpdate(h, """
                UPDATE runs SET status = 'running', started_at = :now, delivered_at = COALESCE(delivered_at, :now)
                WHERE id = :id AND agent_id = :agent AND status IN ('pending', 'delivered')""", runs, now);
    }


    private static void batchUpdate(Handle h, String sql, List<AgentRun> runs, Instant now) {
        if (runs.isEmpty()) {
            return;
        }
        var batch = h.prepareBatch(sql);
        runs.forEach(run -> batch.bind("now", now).bind("id", run.runId()).bind("agent", run.agentId()).add());
        batch.execute();
    }

    /** Run rows locked per statement: an IN list this short is still a set of index lookups on every engine. */
    private static final int LOCK_CHUNK = 200;

    /** Stores one result in its own transaction (see {@link #ingest(Handle, List, Instant)}). */
    Ingested ingest(String agentId, RunResult result, Instant now) {
        return jdbi.inTransaction(h -> ingest(h, List.of(new AgentResult(agentId, result)), now).getFirst());
    }

    /**
     * Stores results once each, within the caller's transaction, with a few statements for the whole
     * list: the run rows are locked ({@code SELECT … FOR UPDATE}, in id order so two writers cannot
     * deadlock), which serializes concurrent deliveries of the same result; a run already closed has its
     * result, so a repeated delivery is a duplicate and changes nothing (also within the list). A run
     * cancelled meanwhile keeps its cancelled status but gains the output the agent did produce. Returns
     * one outcome per result, in order.
     */
    List<Ingested> ingest(Handle h, List<AgentResult> results, Instant now) {
        Map<String, RunRow> locked = lock(h, results.stream().map(r -> r.result().runId()).distinct().sorted().toList());
        List<Ingested> outcomes = new ArrayList<>(results.size());
        java.util.Set<String> storedNow = new java.util.HashSet<>();
        var updates = h.prepareBatch("""
                UPDATE runs SET status = :status, started_at = COALESCE(started_at, :started),
                       delivered_at = COALESCE(delivered_at, :started), finished_at = :finished,
                       error = COALESCE(error, :error)
                WHERE id = :id""");
        var tasks = h.prepareBatch("""
                INSERT INTO task_results (run_id, seq, name, status, exit_code, stdout, stderr, started_at, finished_at)
                VALUES (:run, :seq, :name, :status, :exit, :stdout, :stderr, :started, :finished)""");
        boolean anyTasks = false;
        for (AgentResult reported : results) {
            RunResult result = reported.result();
            RunRow run = locked.get(result.runId());
            if (run == null || !run.agentId().equals(reported.agentId())
                    || run.status() == RunStatus.WAITING || run.status() == RunStatus.SKIPPED) {
                // Never handed to this agent (its turn has not come, or never will): not a result it can have.
                outcomes.add(new Ingested(Ingestion.NOT_YOURS, null, 0));
                continue;
            }
            // Storing a result closes the run, so a closed run has its result already.
            boolean closed = run.status().isTerminal() && !(run.status() == RunStatus.CANCELLED && run.finishedAt() == null);
            if (closed || !storedNow.add(run.id())) {
                outcomes.add(new Ingested(Ingestion.DUPLICATE, run.jobId(), run.step()));
                continue;
            }
            RunStatus status = run.status() == RunStatus.CANCELLED ? RunStatus.CANCELLED : result.status();
            Instant started = result.startedAt() != null ? result.startedAt() : now;
            Instant finished = result.finishedAt() != null && !result.finishedAt().isAfter(now) ? result.finishedAt() : now;
            updates.bind("status", status.wireName()).bind("started", started).bind("finished", finished)
                    .bind("error", result.error()).bind("id", run.id()).add();
            anyTasks |= addTasks(tasks, run.id(), result.tasks());
            outcomes.add(new Ingested(Ingestion.STORED, run.jobId(), run.step()));
        }
        if (!storedNow.isEmpty()) {
            updates.execute();
        }
        if (anyTasks) {
            tasks.execute();
        }
        return outcomes;
    }

    private static Map<String, RunRow> lock(Handle h, List<String> runIds) {
        Map<String, RunRow> locked = new HashMap<>();
        for (int from = 0; from < runIds.size(); from += LOCK_CHUNK) {
            List<String> chunk = runIds.subList(from, Math.min(runIds.size(), from + LOCK_CHUNK));
            h.createQuery("""
                    SELECT r.*, '' AS agent_name, '' AS module_name, 0 AS module_version FROM runs r
                    WHERE r.id IN (<runs>) ORDER BY r.id""" + RowLocks.forUpdate(h))
                    .bindList("runs", chunk).map((rs, ctx) -> run(rs)).forEach(run -> locked.put(run.id(), run));
        }
        return locked;
    }

    private static boolean addTasks(org.jdbi.v3.core.statement.PreparedBatch batch, String runId, List<TaskResult> tasks) {
        for (int i = 0; i < tasks.size(); i++) {
            TaskResult task = tasks.get(i);
            batch.bind("run", runId).bind("seq", i).bind("name", task.name()).bind("status", task.status().wireName())
                    .bind("exit", task.exitCode()).bind("stdout", storable(task.stdout())).bind("stderr", storable(task.stderr()))
                    .bind("started", task.startedAt()).bind("finished", task.finishedAt()).add();
        }
        return !tasks.isEmpty();
    }

    /** PostgreSQL text cannot hold NUL; task output may contain it. U+FFFD keeps the position visible. */
    private static String storable(String text) {
        return text == null ? null : text.replace('\u0000', '\uFFFD');
    }

    private static OpenRun openRun(ResultSet rs) throws SQLException {
        return new OpenRun(rs.getString("id"), rs.getString("job_id"), rs.getString("module_id"),
                RunStatus.fromWire(rs.getString("status")), Rows.instant(rs, "finished_at"), rs.getString("agent_id"),
                rs.getString("tenant_id"), rs.getInt("step"), rs.getObject("offered_at") == null, rs.getString("resources"));
    }

    private static JobRow job(ResultSet rs) throws SQLException {
        return new JobRow(rs.getString("id"), rs.getString("kind"), rs.getString("job_name"), rs.getString("module_id"),
                rs.getString("name"), Rows.integer(rs, "version"), Rows.instant(rs, "created_at"));
    }

    private static RunRow uncheckedRun(ResultSet rs) {
        try {
            return run(rs);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RunRow run(ResultSet rs) throws SQLException {
        return new RunRow(rs.getString("id"), rs.getString("job_id"), rs.getString("agent_id"),
                rs.getString("agent_name"), RunStatus.fromWire(rs.getString("status")), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "delivered_at"), Rows.instant(rs, "started_at"), Rows.instant(rs, "finished_at"),
                rs.getString("error"), rs.getString("module_name"), rs.getInt("module_version"), rs.getInt("step"),
                rs.getInt("position"));
    }
}
