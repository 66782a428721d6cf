package dev.steward.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog end to end, real server and agent processes: a service provider's tenant hosting two
 * customers, where customer A's module runs on A's agents and is refused on B's with a breach of trust,
 * and a resource delivery is refused without trust while the rest of the module goes on; run books in
 * order; cron schedules, also across a server restart; building blocks between tenants.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CatalogScenarios {
    Installation steward;
    String msp;
    Path root;
    Path target;

    abstract Datastore datastore();

    @BeforeAll
    void setUp(@TempDir Path root) throws IOException {
        this.root = root;
        this.target = Files.createDirectories(root.resolve("delivered"));
        steward = new Installation(root, datastore()).startServer();
        msp = Installation.json(steward.cli("tenants", "create", "msp", "--output", "json")).get("admin_token").asText();
        for (String agent : new String[] {"a-web-1", "b-web-1"}) {
            String token = Installation.json(steward.cli("enroll-tokens", "create", "--tenant", "msp", "--expires", "1h",
                    "--output", "json")).get("token").asText();
            steward.startAgent(agent, token, "1s", "--mode", "push");
        }
        steward.awaitAgentAs(msp, "a-web-1", a -> a.get("status").asText().equals("online"));
        steward.awaitAgentAs(msp, "b-web-1", a -> a.get("status").asText().equals("online"));
        // Provider tenant: two agents for run books and schedules (trusts stay disabled there).
        steward.enrolledAgent("p1", "1s", "--mode", "push");
        steward.enrolledAgent("p2", "1s", "--mode", "push");
    }

    @AfterAll
    void tearDown() {
        steward.close();
    }

    private Installation.CliResult msp(String... args) {
        Installation.CliResult result = steward.cliAs(msp, args);
        assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result.out() + result.err()).isZero();
        return result;
    }

    @Test
    void customerModulesRunOnlyWhereTrustedAndResourcesNeedTheirOwnTrust() throws IOException {
        for (String kind : new String[] {"team", "module", "resource"}) {
            msp("folders", "create", "/CustomerA", "--kind", kind);
            msp("folders", "create", "/CustomerB", "--kind", kind);
        }
        msp("teams", "create", "a-web", "--folder", "/CustomerA");
        msp("teams", "create", "b-web", "--folder", "/CustomerB");
        msp("teams", "primary", "a-web", "a-web-1");
        msp("teams", "primary", "b-web", "b-web-1");
        Path conf = Files.writeString(root.resolve("a.conf"), "customer=A\n");
        msp("resources", "upload", conf.toString(), "--folder", "/CustomerA");
        Path module = root.resolve("deploy-a.yaml");
        Files.writeString(module, Files.readString(Path.of("src/test/resources/catalog/deploy-a.yaml"))
                .replace("${TARGET}", target.toString()));
        msp("modules", "apply", "-f", module.toString(), "--folder", "/CustomerA");
        // Each customer's side trusts only its own: A's team folder trusts A's modules, A's modules trust A's team folder.
        for (String c : new String[] {"A", "B"}) {
            msp("trusts", "add", "team_folder:/Customer" + c, "module_folder:/Customer" + c);
            msp("trusts", "add", "module_folder:/Customer" + c, "team_folder:/Customer" + c);
        }
        msp("trusts", "security", "enabled");

        // A's module on both customers' agents: runs on A's, refused with a breach of trust on B's; the
        // delivery is refused (no trust on the resource) but on_error: continue lets the next task run.
        Installation.CliResult first = steward.cliAs(msp, "jobs", "run", "deploy-a", "--targets", "a-web-1,b-web-1", "--wait",
                "--output", "json");
        JsonNode job = Installation.json(first);
        JsonNode onA = run(job, "a-web-1");
        JsonNode onB = run(job, "b-web-1");
        assertThat(onB.get("status").asText()).isEqualTo("failed");
        assertThat(onB.get("error").asText()).startsWith("breach of trust").contains("deploy-a").contains("b-web-1")
                .contains("does not trust");
        assertThat(onB.get("tasks")).isEmpty();
        assertThat(onA.get("status").asText()).as(onA.toString()).isEqualTo("succeeded");
        assertThat(onA.get("tasks").get(0).get("status").asText()).isEqualTo("failed");
        assertThat(onA.get("tasks").get(0).get("stderr").asText()).startsWith("breach of trust").contains("a.conf");
        assertThat(onA.get("tasks").get(1).get("status").asText()).isEqualTo("succeeded");
        assertThat(onA.get("tasks").get(1).get("stdout").asText()).isEqualTo("no config delivered\n");
        assertThat(target.resolve("a.conf")).doesNotExist();

        // explain names the missing direction and the chain.
        Installation.CliResult why = steward.cliAs(msp, "trusts", "explain", "--agent", "b-web-1", "--module", "deploy-a",
                "--output", "json");
        JsonNode explain = Installation.json(why);
        assertThat(explain.get("decision").asText()).isEqualTo("refused");
        assertThat(explain.get("agent_side").get("trusted").asBoolean()).isFalse();
        assertThat(explain.get("object_side").get("trusted").asBoolean()).isFalse();
        JsonNode allowed = Installation.json(steward.cliAs(msp, "trusts", "explain", "--agent", "a-web-1", "--module", "deploy-a",
                "--output", "json"));
        assertThat(allowed.get("decision").asText()).isEqualTo("allowed");
        assertThat(allowed.get("agent_side").get("held_by").asText()).isEqualTo("/CustomerA");
        assertThat(allowed.get("agent_side").get("inherited").asBoolean()).isTrue();

        // With the resource trusted both ways the file arrives, hash-checked, with its mode.
        msp("trusts", "add", "team_folder:/CustomerA", "resource_folder:/CustomerA");
        msp("trusts", "add", "resource_folder:/CustomerA", "team_folder:/CustomerA");
        JsonNode second = Installation.json(steward.cliAs(msp, "jobs", "run", "deploy-a", "--targets", "a-web-1", "--wait",
                "--output", "json"));
        JsonNode delivered = run(second, "a-web-1");
        assertThat(delivered.get("tasks").get(0).get("status").asText()).as(delivered.toString()).isEqualTo("succeeded");
        assertThat(delivered.get("tasks").get(1).get("stdout").asText()).isEqualTo("customer=A\n");
        assertThat(Files.readString(target.resolve("a.conf"))).isEqualTo("customer=A\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("a.conf")))).isEqualTo("rw-r-----");

        // Another tenant sees none of this.
        assertThat(Installation.json(steward.cli("trusts", "list", "--output", "json"))).isEmpty();
        assertThat(steward.cli("trusts", "explain", "--agent", "a-web-1", "--module", "deploy-a").exitCode()).isNotZero();
    }

    @Test
    void runBookStepsOnDifferentTeamsRunInOrderAndStopOnFailure() throws IOException {
        steward.cli("teams", "create", "first");
        steward.cli("teams", "create", "second");
        assertThat(steward.cli("teams", "add", "first", "p1").exitCode()).isZero();
        assertThat(steward.cli("teams", "add", "second", "p2").exitCode()).isZero();
        apply("modules", "name: stamp\ntasks:\n  - name: stamp\n    command: [\"sh\", \"-c\", \"sleep 1; date +%s%N\"]\n");
        apply("modules", "name: breaks\ntasks:\n  - name: fail\n    command: [\"sh\", \"-c\", \"exit 7\"]\n");
        apply("runbooks", """
                name: ordered
                steps:
                  - module: stamp
                    targets: {teams: [first]}
                  - module: stamp
                    targets: {teams: [second]}
                """);
        apply("runbooks", """
                name: stops
                steps:
                  - module: breaks
                    targets: {teams: [first]}
                  - module: stamp
                    targets: {teams: [second]}
                """);
        JsonNode ordered = Installation.json(steward.cli("jobs", "run", "--runbook", "ordered", "--wait", "--output", "json"));
        assertThat(ordered.get("status").asText()).isEqualTo("succeeded");
        JsonNode step1 = ordered.get("runs").get(0);
        JsonNode step2 = ordered.get("runs").get(1);
        assertThat(step1.get("agent").asText()).isEqualTo("p1");
        assertThat(step2.get("agent").asText()).isEqualTo("p2");
        assertThat(Instant.parse(step2.get("started_at").asText())).isAfterOrEqualTo(Instant.parse(step1.get("finished_at").asText()));
        assertThat(Long.parseLong(step2.get("tasks").get(0).get("stdout").asText().trim()))
                .isGreaterThan(Long.parseLong(step1.get("tasks").get(0).get("stdout").asText().trim()));

        Installation.CliResult failing = steward.cli("jobs", "run", "--runbook", "stops", "--wait", "--output", "json");
        assertThat(failing.exitCode()).isNotZero();
        JsonNode stopped = Installation.json(failing);
        assertThat(stopped.get("status").asText()).isEqualTo("failed");
        assertThat(stopped.get("runs").get(0).get("status").asText()).isEqualTo("failed");
        assertThat(stopped.get("runs").get(1).get("status").asText()).isEqualTo("skipped");
        assertThat(stopped.get("runs").get(1).get("error").asText()).contains("step 1 failed");
        assertThat(stopped.get("runs").get(1).get("tasks")).isEmpty();
    }

    @Test
    void cronScheduleFiresAndATickMissedDuringDowntimeRunsOnce() {
        apply("modules", "name: tick\ntasks:\n  - name: tick\n    command: [\"true\"]\n");
        assertThat(steward.cli("schedules", "create", "every-5s", "--module", "tick", "--targets", "p1",
                "--cron", "*/5 * * * * *", "--tz", "Europe/Amsterdam").exitCode()).isZero();
        JsonNode fired = Installation.await("a first fire", Duration.ofSeconds(30), () -> {
            JsonNode s = schedule("every-5s");
            return s.get("fires").isEmpty() || s.get("fires").get(0).get("job_id").isNull() ? null : s;
        });
        String firstJob = fired.get("fires").get(0).get("job_id").asText();
        steward.awaitJob(firstJob, j -> j.get("status").asText().equals("succeeded"));

        // Down for longer than two ticks: on return the missed ticks run once, and the fire says so.
        steward.stopServer();
        Instant downAt = Instant.now();
        StewardProcess.sleep(12_000);
        steward.startServer();
        JsonNode caughtUp = Installation.await("the catch-up fire", Duration.ofSeconds(30), () -> {
            JsonNode s = schedule("every-5s");
            for (JsonNode f : s.get("fires")) {
                if (Instant.parse(f.get("fired_at").asText()).isAfter(downAt) && f.get("missed_ticks").asInt() > 0) {
                    return f;
                }
            }
            return null;
        });
        assertThat(caughtUp.get("missed_ticks").asInt()).isBetween(1, 3);
        assertThat(caughtUp.get("note").asText()).contains("missed").contains("ran once");
        long firesForTheDowntime = StreamSupport.stream(schedule("every-5s").get("fires").spliterator(), false)
                .filter(f -> Instant.parse(f.get("fired_at").asText()).isAfter(downAt))
                .filter(f -> Instant.parse(f.get("tick").asText()).isBefore(Instant.parse(caughtUp.get("fired_at").asText())))
                .count();
        assertThat(firesForTheDowntime).isEqualTo(1);
        assertThat(steward.cli("schedules", "pause", "every-5s").exitCode()).isZero();
        assertThat(steward.cli("schedules", "delete", "every-5s").exitCode()).isZero();
    }

    @Test
    void buildingBlocksTravelBetweenTenantsWithoutTeamTrusts() throws IOException {
        msp("folders", "create", "/Shared/Tools", "--kind", "module", "--parents");
        Path file = root.resolve("tool.yaml");
        Files.writeString(file, "name: tool\ntasks:\n  - name: t\n    script: echo tool\n");
        msp("modules", "apply", "-f", file.toString(), "--folder", "/Shared/Tools");
        msp("folders", "create", "/Ops", "--kind", "team");
        msp("teams", "create", "ops", "--folder", "/Ops");
        msp("trusts", "add", "module:tool", "team_folder:/Ops");
        msp("trusts", "add", "module:tool", "team:ops");
        msp("trusts", "add", "team:ops", "module:tool");

        Path block = root.resolve("block.yaml");
        msp("export", "--folder", "/Shared", "-o", block.toString());
        String exported = Files.readString(block);
        assertThat(exported).contains("name: tool").contains("target: /Ops").doesNotContain("target_kind: team\n");

        String beta = Installation.json(steward.cli("tenants", "create", "beta", "--output", "json")).get("admin_token").asText();
        Installation.CliResult first = steward.cliAs(beta, "import", block.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        Installation.CliResult again = steward.cliAs(beta, "import", block.toString(), "--output", "json");
        JsonNode report = Installation.json(again);
        assertThat(report.get("created")).isEmpty();
        assertThat(report.get("updated")).isEmpty();
        Path back = root.resolve("back.yaml");
        assertThat(steward.cliAs(beta, "export", "-o", back.toString()).exitCode()).isZero();
        assertThat(strip(Files.readString(back))).isEqualTo(strip(exported));
        assertThat(Installation.json(steward.cliAs(beta, "trusts", "list", "--output", "json"))).hasSize(1);
    }

    private static String strip(String block) {
        return block.replaceAll("(?m)^exported_at: .*$", "");
    }

    private JsonNode schedule(String name) {
        return Installation.json(steward.cli("schedules", "show", name, "--output", "json"));
    }

    private void apply(String kind, String yaml) {
        try {
            Path file = Files.createTempFile(root, kind, ".yaml");
            Files.writeString(file, yaml);
            Installation.CliResult result = steward.cli(kind, "apply", "-f", file.toString());
            assertThat(result.exitCode()).as(result.err()).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode run(JsonNode job, String agent) {
        for (JsonNode run : job.get("runs")) {
            if (run.get("agent").asText().equals(agent)) {
                return run;
            }
        }
        throw new AssertionError("no run on " + agent + " in " + job);
    }
}
