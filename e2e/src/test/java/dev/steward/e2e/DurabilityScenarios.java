package dev.steward.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.protocol.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server acknowledged survives a SIGKILL: real server processes killed at random instants right
 * after answering, restarted on the same data, and read back. "Acknowledged" is strict: a complete 2xx
 * answer read by the client (201 for an admin write, 200 for a check-in carrying results).
 */
abstract class DurabilityScenarios {
    // Each test's directory (data, server and agent logs) is kept when it fails: the failure names it.
    static final String QUICK = "quick";
    /** At least this many kills per datastore in the first scenario, as issue 9 asks. */
    private static final int KILLS = Integer.getInteger("steward.durability.kills", 50);
    /**
     * The bound on the kill loop, with room for a loaded 2-core machine (a cycle is mostly the server's start;
     * 45 kills took 182 s when other suites ran beside it). Too few kills within it fails the test.
     */
    private static final Duration KILLS_DEADLINE = Duration.ofMinutes(5);
    private static final int POLL_AGENT_KILLS = Integer.getInteger("steward.durability.poll-agent-kills", 12);
    private static final Duration POLL_AGENT_DEADLINE = Duration.ofMinutes(2);
    /** The kill comes this long (uniformly random, up to) after the acknowledgement that triggers it. */
    private static final int MAX_KILL_DELAY_MILLIS = 300;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(20);

    abstract Datastore datastore();

    /**
     * Two admin writers apply modules and three agents (over the real protocol) ask for jobs and report
     * their results, all at once, while the server is SIGKILLed 0–300 ms after an acknowledgement (of a
     * result, or of a module, in turn) and restarted; after each restart everything the ended cycle
     * acknowledged must be there exactly once. Results sent but not acknowledged are sent again, as the
     * agent's spool does, and must still be stored once.
     */
    @Test
    void acknowledgedWritesSurviveSigkill(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path root) throws Exception {
        try (Installation steward = new Installation(root, datastore()).restartsOften().startServer()) {
            applyModule(steward, QUICK);
            List<ProtocolAgent> agents = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                agents.add(ProtocolAgent.enroll(steward, "sim-" + i));
            }
            // A clean stop writes the class cache that makes the many restarts below cheaper.
            steward.stopServer();
            steward.startServer();

            CrashCycles crashes = new CrashCycles(steward);
            AckLedger ledger = new AckLedger();
            StoredWrites stored = new StoredWrites(steward, ProtocolAgent::outputOf);
            List<String> problems = Collections.synchronizedList(new ArrayList<>());
            Set<Integer> lossyCycles = new TreeSet<>();
            List<SimulatedAgent> simulated = agents.stream()
                    .map(agent -> new SimulatedAgent(agent, steward, crashes, ledger, problems)).toList();
            ModuleWriters modules = new ModuleWriters(steward, crashes, ledger, problems);
            List<Thread> threads = new ArrayList<>();
            simulated.forEach(agent -> threads.add(Thread.ofPlatform().name("durability-agent").start(agent)));
            threads.add(Thread.ofPlatform().name("durability-modules-1").start(() -> modules.write("w1")));
            threads.add(Thread.ofPlatform().name("durability-modules-2").start(() -> modules.write("w2")));

            long seed = System.nanoTime();
            Random random = new Random(seed);
            long started = System.nanoTime();
            long deadline = started + KILLS_DEADLINE.toNanos();
            try {
                while (crashes.kills() < KILLS && System.nanoTime() < deadline) {
                    AckLedger.Kind trigger = crashes.kills() % 2 == 0 ? AckLedger.Kind.RESULT : AckLedger.Kind.MODULE;
                    if (!ledger.await(trigger, crashes.cycle(), ACK_TIMEOUT)) {
                        problems.add("cycle " + crashes.cycle() + ": no " + trigger + " acknowledged within " + ACK_TIMEOUT
                                + " (" + crashes.unanswered() + "); " + steward.server().dumpThreads("cycle-" + crashes.cycle()));
                        break;
                    }
                    StewardProcess.sleep(random.nextInt(MAX_KILL_DELAY_MILLIS + 1));
                    crashes.killAndRestart((cycle, killedAt) -> {
                        List<String> lost = stored.problems(ledger.ofCycle(cycle), killedAt);
                        if (!lost.isEmpty()) {
                            lossyCycles.add(cycle);
                            problems.addAll(lost);
                        }
                    });
                }
            } finally {
                simulated.forEach(SimulatedAgent::stop);
                modules.stop();
                for (Thread thread : threads) {
                    thread.join(Duration.ofSeconds(20));
                }
            }
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            for (SimulatedAgent agent : simulated) {
                if (!agent.drain(Duration.ofSeconds(30))) {
                    problems.add("a simulated agent still had results or offered runs after 30 s of check-ins");
                }
            }
            // Everything acknowledged, in any cycle, is still there after all the restarts, and no run is open.
            stored.problems(ledger.all(), 0).forEach(p -> problems.add("at the end: " + p));
            Set<String> jobs = new HashSet<>();
            ledger.all().stream().filter(a -> a.kind() == AckLedger.Kind.JOB).forEach(a -> jobs.add(a.key()));
            stored.openRuns(jobs).forEach(p -> problems.add("at the end, open: " + p));

            String summary = datastore() + ": " + crashes.kills() + " kills in " + seconds + " s (" + crashes.restartTimes()
                    + ", seed " + seed + "); acknowledged " + ledger.count(AckLedger.Kind.MODULE) + " modules, "
                    + ledger.count(AckLedger.Kind.JOB) + " jobs, " + ledger.count(AckLedger.Kind.RESULT) + " results; "
                    + lossyCycles.size() + " of " + crashes.kills() + " cycles lost an acknowledged write";
            System.out.println("durability: " + summary);
            assertNoProblems(summary, problems, root);
            assertThat(crashes.kills()).as("kills within " + KILLS_DEADLINE + ": " + summary).isGreaterThanOrEqualTo(KILLS);
        }
    }

    /**
     * A real poll agent runs quick jobs while the server is SIGKILLed 0–300 ms after the agent had a result
     * acknowledged (its journal marks the run done only then) and restarted; in the end no run of any job
     * stays open, and every result the agent had acknowledged is stored.
     */
    @Test
    void aRealPollAgentLeavesNoRunOpen(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path root) throws Exception {
        try (Installation steward = new Installation(root, datastore()).restartsOften().startServer()) {
            applyModule(steward, QUICK);
            steward.stopServer();
            steward.startServer();
            StewardProcess agent = steward.enrolledAgent("poller", "300ms");
            AgentJournal journal = new AgentJournal(steward.stateDir("poller"));

            CrashCycles crashes = new CrashCycles(steward);
            AckLedger ledger = new AckLedger();
            StoredWrites stored = new StoredWrites(steward, run -> "quick\n");
            Map<String, String> jobOfRun = new ConcurrentHashMap<>();
            List<String> problems = Collections.synchronizedList(new ArrayList<>());
            Set<Integer> lossyCycles = new TreeSet<>();
            RawClient admin = RawClient.admin(steward);
            AtomicBoolean stop = new AtomicBoolean();
            Thread creator = Thread.ofPlatform().name("durability-jobs").start(() -> {
                while (!stop.get()) {
                    crashes.write(cycle -> {
                        RawClient.Answer answer = admin.postJson("/api/v1/jobs?runs=true", Map.of("module", QUICK,
                                "targets", List.of("poller")), steward.adminToken());
                        if (answer.status() != 201) {
                            problems.add("POST /api/v1/jobs: " + answer);
                            return;
                        }
                        String job = answer.body().get("id").asText();
                        jobOfRun.put(answer.body().get("runs").get(0).get("id").asText(), job);
                        ledger.add(AckLedger.Kind.JOB, job, job, cycle);
                    });
                    StewardProcess.sleep(100);
                }
            });

            long seed = System.nanoTime();
            Random random = new Random(seed);
            long started = System.nanoTime();
            long deadline = started + POLL_AGENT_DEADLINE.toNanos();
            Set<String> doneBefore = new HashSet<>(journal.done());
            try {
                while (crashes.kills() < POLL_AGENT_KILLS && System.nanoTime() < deadline) {
                    if (!journal.awaitDoneBeyond(doneBefore, ACK_TIMEOUT)) {
                        problems.add("cycle " + crashes.cycle() + ": the agent had no result acknowledged within " + ACK_TIMEOUT
                                + " (" + crashes.unanswered() + "); " + steward.server().dumpThreads("cycle-" + crashes.cycle()));
                        break;
                    }
                    StewardProcess.sleep(random.nextInt(MAX_KILL_DELAY_MILLIS + 1));
                    crashes.killAndRestart((cycle, killedAt) -> {
                        Set<String> done = journal.done();
                        List<AckLedger.Ack> acknowledged = new ArrayList<>(ledger.ofCycle(cycle));
                        for (String run : done) {
                            // A run whose job's creation got no answer has no known job: the end checks it.
                            if (!doneBefore.contains(run) && jobOfRun.containsKey(run)) {
                                acknowledged.add(new AckLedger.Ack(AckLedger.Kind.RESULT, run, jobOfRun.get(run), cycle, 0));
                            }
                        }
                        List<String> lost = stored.problems(acknowledged, killedAt);
                        if (!lost.isEmpty()) {
                            lossyCycles.add(cycle);
                            problems.addAll(lost);
                        }
                        doneBefore.clear();
                        doneBefore.addAll(done);
                    });
                }
            } finally {
                stop.set(true);
                creator.join(Duration.ofSeconds(20));
            }
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            assertThat(agent.alive()).as("the agent survived the server's kills\n" + agent.stderr()).isTrue();

            Set<String> jobs = new HashSet<>();
            ledger.all().stream().filter(a -> a.kind() == AckLedger.Kind.JOB).forEach(a -> jobs.add(a.key()));
            List<String> open = awaitNoOpenRuns(stored, jobs, Duration.ofSeconds(30));
            Set<String> done = journal.done();
            for (String line : open) {
                String run = line.replaceAll(".* run ([0-9a-f-]{36}):.*", "$1");
                problems.add("still open 30 s after the last restart: " + line + (done.contains(run)
                        ? " (the agent's journal says done: its acknowledged result was lost, and the agent does not "
                        + "take the run again)" : ""));
            }
            problems.addAll(rejectedResults(steward.stateDir("poller")));

            String summary = datastore() + " with a real poll agent: " + crashes.kills() + " kills in " + seconds + " s ("
                    + crashes.restartTimes() + ", seed " + seed + "); " + jobs.size() + " jobs acknowledged, " + done.size()
                    + " results acknowledged to the agent; " + lossyCycles.size() + " of " + crashes.kills()
                    + " cycles lost an acknowledged write; " + open.size() + " runs left open";
            System.out.println("durability: " + summary);
            assertNoProblems(summary, problems, root);
            assertThat(crashes.kills()).as("kills within " + POLL_AGENT_DEADLINE + ": " + summary)
                    .isGreaterThanOrEqualTo(POLL_AGENT_KILLS);
        }
    }

    private static List<String> awaitNoOpenRuns(StoredWrites stored, Set<String> jobs, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> open = stored.openRuns(jobs);
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            StewardProcess.sleep(500);
            open = stored.openRuns(jobs);
        }
        return open;
    }

    /** Results the agent set aside because the server refused them: never expected here. */
    private static List<String> rejectedResults(Path stateDir) throws IOException {
        Path rejected = stateDir.resolve("spool/rejected");
        if (!Files.isDirectory(rejected)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(rejected)) {
            return files.map(f -> "the agent set aside a refused result: " + f.getFileName()).toList();
        }
    }

    static void applyModule(Installation steward, String name) throws IOException {
        RawClient.Answer answer = RawClient.admin(steward).send("POST", "/api/v1/modules", "application/yaml",
                ModuleWriters.yaml(name), steward.adminToken());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    }

    private static String logsHint(Path root) {
        return "(server and agent logs: " + root.resolve("logs") + ")";
    }

    /** Fails with the summary and the first problems (all of them are in the list; the head says enough). */
    private static void assertNoProblems(String summary, List<String> problems, Path root) {
        if (!problems.isEmpty()) {
            List<String> head = problems.subList(0, Math.min(40, problems.size()));
            throw new AssertionError(summary + "\n" + problems.size() + " problems" + (problems.size() > head.size()
                    ? ", the first " + head.size() : "") + ":\n  " + String.join("\n  ", head) + "\n" + logsHint(root));
        }
    }
}
