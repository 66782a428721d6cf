package dev.steward.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.protocol.Wire;
import org.junit.jupiter.api.Test;

class CatalogPrintTest {

    @Test
    void aRunBookShowsItsStepsInOrderWithWhereEachRuns() throws Exception {
        var definition = Wire.json().readTree("""
                {"name": "rollout", "description": null, "steps": [
                  {"module": "backup", "project": null, "targets": {"agents": [], "teams": [], "selector": null},
                   "continue_on_failure": false},
                  {"module": null, "project": "web", "targets": {"agents": ["a1", "a2"], "teams": ["acme"],
                   "selector": "env=prod"}, "continue_on_failure": true}]}
                """);
        assertThat(Composites.lines(Composites.Kind.RUNBOOK, definition)).containsExactly(
                "1. module backup  on the job's targets",
                "2. project web  on agents a1,a2; teams acme; selector env=prod  (continue on failure)");
    }

    @Test
    void aProjectShowsItsModulesInOrder() throws Exception {
        var definition = Wire.json().readTree("""
                {"name": "web", "description": "d", "modules": [{"module": "install", "continue_on_failure": false},
                  {"module": "configure", "continue_on_failure": true}]}
                """);
        assertThat(Composites.lines(Composites.Kind.PROJECT, definition)).containsExactly("1. module install",
                "2. module configure  (continue on failure)");
    }

    @Test
    void moduleTaskKindsFollowTheFieldsPresent() throws Exception {
        var tasks = Wire.json().readTree("""
                [{"name": "a", "command": ["true"], "script": null},
                 {"name": "b", "command": null, "script": "echo"},
                 {"name": "c", "command": null, "script": null, "resource": {"name": "setup.sh", "sha256": null, "size": null}},
                 {"name": "d", "command": null, "script": null, "resource": {"name": "app.conf"},
                  "deliver": {"path": "/etc/app.conf", "mode": "0644"}}]
                """);
        assertThat(tasks.valueStream().map(ModulesCommand::kind)).containsExactly("command", "script", "script_resource", "deliver");
        assertThat(ModulesCommand.uses(tasks.get(3))).isEqualTo("app.conf -> /etc/app.conf (mode 0644)");
    }
}
