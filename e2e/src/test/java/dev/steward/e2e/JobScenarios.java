package dev.steward.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Modules and jobs end to end: real server, real agents, results stored durably. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JobScenarios {
    Installation steward;

    abstract Datastore datastore();

    @BeforeAll
    void setUp(@TempDir Path root) {
        steward = new Installation(root, datastore()).startServer();
        steward.enrolledAgent("a1", "1s");
        steward.enrolledAgent("a2", "1s");
        for (String module : new String[] {"stop-on-error", "continue-on-error", "too-slow", "slow"}) {
            apply(Path.of("src/test/resources/modules/" + module + ".yaml"));
        }
        apply(Path.of(System.getProperty("steward.home", "..")).resolve("examples/hello.yaml"));
    }

    @AfterAll
    void tearDown() {
        steward.close();
    }

    @Test
    void runsATwoTaskModuleOnTwoAgentsAndStoresTheOutput() {
        Installation.CliResult result = steward.cli("jobs", "run", "hello", "--targets", "a1,a2", "--wait",
                "--output", "json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode job = Installation.json(result);
        assertThat(job.get("status").asText()).isEqualTo("succeeded");
        assertThat(job.get("runs")).hasSize(2);
        for (JsonNode run : job.get("runs")) {
            assertThat(run.get("agent").asText()).isIn("a1", "a2");
            assertThat(run.get("status").asText()).isEqualTo("succeeded");
            JsonNode tasks = run.get("tasks");
            assertThat(tasks).hasSize(2);
            assertThat(tasks.get(0).get("name").asText()).isEqualTo("greet");
            assertThat(tasks.get(0).get("exit_code").asInt()).isZero();
            assertThat(tasks.get(0).get("stdout").asText()).startsWith("hello from ");
            assertThat(tasks.get(1).get("stdout").asText()).isEqualTo("line one\nline two\n");
            assertThat(tasks.get(1).get("stderr").asText()).isEmpty();
        }
        // Stored durably: the same answer from a fresh read.
        assertThat(steward.job(job.get("id").asText())).isEqualTo(job);
        // The progress view leaves the output out but keeps everything else.
        JsonNode light = steward.api().get("/api/v1/jobs/" + job.get("id").asText() + "?output=false");
        assertThat(light.get("status")).isEqualTo(job.get("status"));
        assertThat(light.get("runs").get(0).get("tasks").get(0).get("stdout").isNull()).isTrue();
        assertThat(light.get("runs").get(0).get("tasks").get(0).get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void onErrorStopSkipsTheRestAndFailsTheRun() {
        Installation.CliResult result = steward.cli("jobs", "run", "stop-on-error", "--targets", "a1", "--wait",
                "--output", "json");
        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode run = Installation.json(result).get("runs").get(0);
        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("tasks").get(0).get("status").asText()).isEqualTo("failed");
        assertThat(run.get("tasks").get(0).get("exit_code").asInt()).isEqualTo(3);
        assertThat(run.get("tasks").get(0).get("stdout").asText()).isEqualTo("about to fail\n");
        assertThat(run.get("tasks").get(1).get("status").asText()).isEqualTo("skipped");
        assertThat(run.get("tasks").get(1).get("stdout").asText()).isEmpty();
    }

    @Test
    void onErrorContinueRunsTheNextTask() {
        Installation.CliResult result = steward.cli("jobs", "run", "continue-on-error", "--targets", "a2", "--wait",
                "--output", "json");
        assertThat(result.exitCode()).isZero();
        JsonNode run = Installation.json(result).get("runs").get(0);
        assertThat(run.get("status").asText()).isEqualTo("succeeded");
        assertThat(run.get("tasks").get(0).get("status").asText()).isEqualTo("failed");
        assertThat(run.get("tasks").get(0).get("stderr").asText()).isEqualTo("failing on purpose\n");
        assertThat(run.get("tasks").get(1).get("status").asText()).isEqualTo("succeeded");
        assertThat(run.get("tasks").get(1).get("stdout").asText()).isEqualTo("after the failure\n");
    }

    @Test
    void aTaskThatOverrunsItsTimeoutIsKilled() {
        long started = System.nanoTime();
        Installation.CliResult result = steward.cli("jobs", "run", "too-slow", "--targets", "a1", "--wait",
                "--output", "json");
        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode run = Installation.json(result).get("runs").get(0);
        assertThat(run.get("status").asText()).isEqualTo("timed_out");
        assertThat(run.get("tasks").get(0).get("status").asText()).isEqualTo("timed_out");
        assertThat(run.get("tasks").get(0).get("exit_code").isNull()).isTrue();
        assertThat(run.get("tasks").get(1).get("status").asText()).isEqualTo("skipped");
        // Far less than the 30 s the task asked for: it was killed, not waited out.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aJobCreatedWhileTheAgentIsDownIsDeliveredWhenItComesBack() {
        StewardProcess agent = steward.enrolledAgent("sleeper", "1s");
        agent.stop();
        String jobId = Installation.json(steward.cli("jobs", "run", "hello", "--targets", "sleeper", "--output", "json"))
                .get("id").asText();
        StewardProcess.sleep(2000);
        assertThat(steward.job(jobId).get("runs").get(0).get("status").asText()).isEqualTo("pending");

        steward.startAgent("sleeper", null, "1s");
        JsonNode job = steward.awaitJob(jobId, j -> j.get("status").asText().equals("succeeded"));
        assertThat(job.get("runs").get(0).get("tasks")).hasSize(2);
    }

    @Test
    void aPendingJobSurvivesAServerRestart() {
        StewardProcess agent = steward.enrolledAgent("restart-witness", "1s");
        agent.stop();
        String jobId = Installation.json(steward.cli("jobs", "run", "hello", "--targets", "restart-witness",
                "--output", "json")).get("id").asText();

        steward.stopServer();
        steward.startServer();
        assertThat(steward.job(jobId).get("status").asText()).isEqualTo("pending");

        steward.startAgent("restart-witness", null, "1s");
        JsonNode job = steward.awaitJob(jobId, j -> j.get("status").asText().equals("succeeded"));
        assertThat(job.get("runs").get(0).get("tasks").get(0).get("stdout").asText()).startsWith("hello from ");
    }

    @Test
    void resultsSpooledWhileTheServerIsDownAreDeliveredExactlyOnce() throws IOException {
        steward.enrolledAgent("spooler", "1s");
        String jobId = Installation.json(steward.cli("jobs", "run", "slow", "--targets", "spooler", "--output", "json"))
                .get("id").asText();
        steward.awaitJob(jobId, j -> j.get("runs").get(0).get("status").asText().equals("running"));

        steward.stopServer();
        Path spool = steward.stateDir("spooler").resolve("spool");
        Installation.await("spooled result", Duration.ofSeconds(30), () -> spooled(spool) == 1 ? true : null);

        steward.startServer();
        JsonNode job = steward.awaitJob(jobId, j -> j.get("status").asText().equals("succeeded"));
        JsonNode tasks = job.get("runs").get(0).get("tasks");
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).get("stdout").asText()).isEqualTo("finished\n");
        Installation.await("spool emptied", () -> spooled(spool) == 0 ? true : null);
        // Several more check-ins later, still exactly one result.
        StewardProcess.sleep(2500);
        assertThat(steward.job(jobId)).isEqualTo(job);
    }

    /**
     * A datastore that loses a result after acknowledging it (what H2 did before commits were forced to
     * disk) makes the server offer the run again; the agent, which finished it and deleted its result,
     * says so and the run is closed with that reason instead of staying open for good.
     */
    @Test
    void aRunOfferedAgainAfterItsAcknowledgedResultWasLostIsClosedWithTheReason() {
        steward.enrolledAgent("forgetful", "1s");
        String jobId = Installation.json(steward.cli("jobs", "run", "hello", "--targets", "forgetful", "--output", "json"))
                .get("id").asText();
        String runId = steward.awaitJob(jobId, j -> j.get("status").asText().equals("succeeded"))
                .get("runs").get(0).get("id").asText();

        steward.stopServer();
        try (dev.steward.server.store.Datastore store = dev.steward.server.store.Datastore.open(steward.datastoreConfig())) {
            store.jdbi().useTransaction(h -> {
                h.execute("DELETE FROM task_results WHERE run_id = ?", runId);
                h.execute("UPDATE runs SET status = 'delivered', finished_at = NULL, started_at = NULL WHERE id = ?", runId);
            });
        }
        steward.startServer();

        JsonNode run = steward.awaitJob(jobId, j -> j.get("status").asText().equals("failed")).get("runs").get(0);
        assertThat(run.get("error").asText()).contains("already finished this run").contains("the result is lost");
        assertThat(run.get("tasks")).isEmpty();
    }

    @Test
    void cancellingARunningJobStopsTheTaskOnTheAgent() {
        String jobId = Installation.json(steward.cli("jobs", "run", "slow", "--targets", "a2", "--output", "json"))
                .get("id").asText();
        steward.awaitJob(jobId, j -> j.get("runs").get(0).get("status").asText().equals("running"));

        JsonNode cancelled = Installation.json(steward.cli("jobs", "cancel", jobId, "--output", "json"));
        assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
        // The agent hears of it at its next check-in, kills the task and reports what it had.
        JsonNode job = steward.awaitJob(jobId, j -> !j.get("runs").get(0).get("finished_at").isNull());
        JsonNode run = job.get("runs").get(0);
        assertThat(run.get("status").asText()).isEqualTo("cancelled");
        assertThat(run.get("tasks").get(0).get("status").asText()).isEqualTo("cancelled");
        assertThat(run.get("tasks").get(0).get("stdout").asText()).doesNotContain("finished");
    }

    @Test
    void cancellingAPendingJobMeansItNeverRuns() {
        StewardProcess agent = steward.enrolledAgent("never", "1s");
        agent.stop();
        String jobId = Installation.json(steward.cli("jobs", "run", "hello", "--targets", "never", "--output", "json"))
                .get("id").asText();
        assertThat(steward.cli("jobs", "cancel", jobId).exitCode()).isZero();
        steward.startAgent("never", null, "1s");
        steward.awaitAgent("never", a -> a.get("status").asText().equals("online"));
        StewardProcess.sleep(2500);
        JsonNode run = steward.job(jobId).get("runs").get(0);
        assertThat(run.get("status").asText()).isEqualTo("cancelled");
        assertThat(run.get("started_at").isNull()).isTrue();
        assertThat(run.get("tasks")).isEmpty();
    }

    @Test
    void aResultTheServerRefusesIsSetAsideAndDoesNotBlockTheAgent() throws IOException {
        StewardProcess agent = steward.enrolledAgent("poisoned", "1s");
        agent.stop();
        // A result the server must refuse (a finished run cannot be "running"), as a bug or a tampered file would leave.
        Path spool = steward.stateDir("poisoned").resolve("spool");
        Files.createDirectories(spool);
        String bogus = "00000000-0000-4000-8000-000000000000";
        Files.writeString(spool.resolve(bogus + ".json"), """
                {"run_id":"%s","status":"running","tasks":[],"started_at":null,"finished_at":null,"error":null}
                """.formatted(bogus));

        steward.startAgent("poisoned", null, "1s");
        Installation.await("bad result set aside", () -> Files.exists(spool.resolve("rejected/" + bogus + ".json")) ? true : null);
        assertThat(Files.readString(spool.resolve("rejected/" + bogus + ".reason"))).contains("status");
        Installation.CliResult result = steward.cli("jobs", "run", "hello", "--targets", "poisoned", "--wait", "--output", "json");
        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    @Test
    void aRunInterruptedByStoppingTheAgentIsReportedAsFailedWithTheReason() {
        StewardProcess agent = steward.enrolledAgent("interrupted", "1s");
        String jobId = Installation.json(steward.cli("jobs", "run", "slow", "--targets", "interrupted", "--output", "json"))
                .get("id").asText();
        steward.awaitJob(jobId, j -> j.get("runs").get(0).get("status").asText().equals("running"));
        agent.stop();
        steward.startAgent("interrupted", null, "1s");

        JsonNode run = steward.awaitJob(jobId, j -> !j.get("runs").get(0).get("finished_at").isNull()).get("runs").get(0);
        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("error").asText()).contains("agent was stopped");
        assertThat(run.get("tasks").get(0).get("stdout").asText()).doesNotContain("finished");
    }

    @Test
    void revokingAnAgentClosesItsUnfinishedRuns() {
        StewardProcess agent = steward.enrolledAgent("doomed", "1s");
        agent.stop();
        String jobId = Installation.json(steward.cli("jobs", "run", "hello", "--targets", "doomed", "--output", "json"))
                .get("id").asText();
        assertThat(steward.cli("agents", "revoke", "doomed").exitCode()).isZero();
        JsonNode job = steward.job(jobId);
        assertThat(job.get("status").asText()).isEqualTo("failed");
        assertThat(job.get("runs").get(0).get("error").asText()).contains("revoked");
    }

    private static long spooled(Path spool) {
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(f -> f.toString().endsWith(".json")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    private void apply(Path file) {
        Installation.CliResult result = steward.cli("modules", "apply", "-f", file.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
    }
}
