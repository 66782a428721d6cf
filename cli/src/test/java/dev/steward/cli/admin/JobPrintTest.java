package dev.steward.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.protocol.Wire;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class JobPrintTest {

    private static final String PROJECT_JOB = """
            {"id": "j1", "module": null, "module_version": null, "status": "failed", "created_at": "2026-01-01T00:00:00Z",
             "kind": "project", "name": "web",
             "runs": [
               {"id": "r1", "agent": "web-01", "agent_id": "a1", "status": "failed", "error":
                  "breach of trust: module 'install' does not trust agent 'web-01' (searched: module install)\\u001b[2J",
                "tasks": [], "module": "install", "module_version": 3, "step": 0, "position": 0,
                "created_at": null, "delivered_at": null, "started_at": null, "finished_at": null},
               {"id": "r2", "agent": "web-01", "agent_id": "a1", "status": "skipped", "error": "an earlier module failed",
                "tasks": [], "module": "configure", "module_version": 1, "step": 0, "position": 1,
                "created_at": null, "delivered_at": null, "started_at": null, "finished_at": null}
             ]}
            """;

    private static String print(String json) throws Exception {
        StringWriter text = new StringWriter();
        JobsCommand.printJob(new PrintWriter(text), Wire.json().readTree(json));
        return text.toString();
    }

    @Test
    void aProjectJobNamesEachRunsModuleAndItsError() throws Exception {
        assertThat(print(PROJECT_JOB).lines()).containsExactly(
                "job j1  project web  failed",
                "  agent web-01  module install v3: failed",
                "    error: breach of trust: module 'install' does not trust agent 'web-01' (searched: module install)?[2J",
                "  agent web-01  module configure v1: skipped",
                "    error: an earlier module failed");
    }

    @Test
    void skippedIsTerminalSoWaitingEnds() throws Exception {
        JsonNode job = Wire.json().readTree(PROJECT_JOB);
        assertThat(JobsCommand.allFinished(job)).isTrue();
        assertThat(JobsCommand.allSucceeded(job)).isFalse();
        assertThat(JobsCommand.TERMINAL).contains("skipped").doesNotContain("waiting");
    }

    @Test
    void aRunBookRunNamesItsStepFromOne() throws Exception {
        String job = """
                {"id": "j2", "module": null, "module_version": null, "status": "running", "created_at": null,
                 "kind": "runbook", "name": "rollout",
                 "runs": [{"id": "r1", "agent": "db-01", "status": "waiting", "error": null, "tasks": [],
                           "module": "migrate", "module_version": 2, "step": 1, "position": 0}]}
                """;
        assertThat(print(job).lines()).containsExactly("job j2  runbook rollout  running",
                "  agent db-01  step 2  module migrate v2: waiting");
    }

    @Test
    void aModuleJobPrintsAsBefore() throws Exception {
        String job = """
                {"id": "j3", "module": "hello", "module_version": 4, "status": "succeeded", "created_at": null,
                 "kind": "module", "name": "hello",
                 "runs": [{"id": "r1", "agent": "a1", "status": "succeeded", "error": null, "module": "hello",
                           "module_version": 4, "step": 0, "position": 0,
                           "tasks": [{"name": "greet", "status": "succeeded", "exit_code": 0, "stdout": "hi\\n", "stderr": ""}]}]}
                """;
        assertThat(print(job).lines()).containsExactly("job j3  module hello v4  succeeded", "  agent a1: succeeded",
                "    - greet: succeeded (exit 0)", "      stdout:", "        hi");
    }
}
