package dev.steward.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.cli.UserError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobsRunArgumentsTest {

    @Test
    void aModuleJobSendsWhatItAlwaysSent() {
        assertThat(JobRequest.body("hello", null, null, List.of("a1", "a2"), null, null, "usage"))
                .containsExactly(Map.entry("module", "hello"), Map.entry("targets", List.of("a1", "a2")));
    }

    @Test
    void projectsAndRunBooksWithTeamsAndSelectors() {
        assertThat(JobRequest.body(null, "web", null, null, List.of("acme-web"), "os=linux,env=prod", "usage"))
                .containsExactly(Map.entry("project", "web"), Map.entry("teams", List.of("acme-web")),
                        Map.entry("selector", "os=linux,env=prod"));
        // A run book's steps may name their own targets.
        assertThat(JobRequest.body(null, null, "rollout", null, null, null, "usage")).containsExactly(Map.entry("runbook", "rollout"));
    }

    @Test
    void exactlyOneThingToRun() {
        assertThatThrownBy(() -> JobRequest.body(null, null, null, List.of("a"), null, null, "USAGE"))
                .isInstanceOf(UserError.class).hasMessage("name what to run: a module, a project or a run book; usage: USAGE")
                .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(2));
        assertThatThrownBy(() -> JobRequest.body("hello", "web", "rollout", List.of("a"), null, null, "USAGE"))
                .hasMessageStartingWith("name one thing to run, not module hello and project web and run book rollout");
        assertThatThrownBy(() -> JobRequest.body(null, "web", null, null, null, " ", "USAGE"))
                .hasMessageStartingWith("name where to run it");
    }

    @Test
    void theCommandRefusesBeforeConnecting() {
        Cli none = Cli.run("jobs", "run", "--targets", "a");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("steward: error: name what to run");
        Cli two = Cli.run("jobs", "run", "hello", "--runbook", "rollout");
        assertThat(two.exitCode()).isEqualTo(2);
        assertThat(two.err()).contains("name one thing to run, not module hello and run book rollout");
        Cli waitLater = Cli.run("jobs", "run", "hello", "--targets", "a", "--at", "2026-11-24T10:00:00Z", "--wait");
        assertThat(waitLater.exitCode()).isEqualTo(2);
        assertThat(waitLater.err()).contains("--at runs the job later");
        Cli badTime = Cli.run("jobs", "run", "hello", "--targets", "a", "--at", "10:00");
        assertThat(badTime.exitCode()).isEqualTo(2);
        assertThat(badTime.err()).contains("--at: '10:00' is not an ISO-8601 instant");
    }
}
