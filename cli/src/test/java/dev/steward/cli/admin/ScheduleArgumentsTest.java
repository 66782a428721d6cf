package dev.steward.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.cli.UserError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ScheduleArgumentsTest {

    private static Map<String, Object> body(String... args) {
        SchedulesCommand.Create create = new SchedulesCommand.Create();
        new CommandLine(create).parseArgs(args);
        return create.body();
    }

    @Test
    void cronWithTimeZone() {
        assertThat(body("nightly", "--module", "backup", "--teams", "web,db", "--cron", "0 3 * * *", "--tz", "Europe/Paris"))
                .containsExactly(Map.entry("name", "nightly"), Map.entry("module", "backup"),
                        Map.entry("teams", List.of("web", "db")), Map.entry("cron", "0 3 * * *"),
                        Map.entry("time_zone", "Europe/Paris"));
    }

    @Test
    void atIsAnInstantNormalisedToUtc() {
        assertThat(body("later", "--runbook", "rollout", "--at", "2026-11-24T11:00:00+01:00"))
                .containsExactly(Map.entry("name", "later"), Map.entry("runbook", "rollout"),
                        Map.entry("at", "2026-11-24T10:00:00Z"));
        assertThatThrownBy(() -> body("later", "--module", "m", "--targets", "a", "--at", "tomorrow"))
                .isInstanceOf(UserError.class).hasMessageContaining("--at: 'tomorrow' is not an ISO-8601 instant");
    }

    @Test
    void cronAndAtExcludeEachOtherAndOneIsNeeded() {
        assertThatThrownBy(() -> body("s", "--module", "m", "--targets", "a", "--cron", "0 3 * * *", "--at",
                "2026-11-24T10:00:00Z")).isInstanceOf(UserError.class).hasMessageContaining("--cron and --at exclude each other");
        assertThatThrownBy(() -> body("s", "--module", "m", "--targets", "a")).hasMessageContaining("say when: --cron EXPR");
        assertThatThrownBy(() -> body("s", "--module", "m", "--targets", "a", "--tz", "UTC", "--at", "2026-11-24T10:00:00Z"))
                .hasMessageContaining("--tz applies to --cron only");
    }

    @Test
    void theCommandRefusesBeforeConnecting() {
        Cli both = Cli.run("schedules", "create", "s", "--module", "m", "--targets", "a", "--cron", "* * * * *", "--at",
                "2026-11-24T10:00:00Z");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("steward: error: --cron and --at exclude each other");
        Cli twoThings = Cli.run("schedules", "create", "s", "--module", "m", "--project", "p", "--targets", "a", "--cron",
                "* * * * *");
        assertThat(twoThings.exitCode()).isEqualTo(2);
        assertThat(twoThings.err()).contains("name one thing to run, not module m and project p");
    }
}
