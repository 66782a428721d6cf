package dev.steward.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.cli.Main;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every verb is registered and its help renders (picocli checks the annotations when it builds the tree). */
class CommandTreeTest {

    @Test
    void theCatalogVerbsAreRegistered() {
        CommandLine root = Main.commandLine();
        assertThat(root.getSubcommands()).containsKeys("folders", "teams", "resources", "projects", "runbooks", "schedules",
                "trusts", "export", "import", "tokens", "retention");
        assertThat(root.getSubcommands().get("retention").getSubcommands()).containsOnlyKeys("show", "set");
        assertThat(root.getSubcommands().get("agents").getSubcommands()).containsKey("label");
        assertThat(root.getSubcommands().get("modules").getSubcommands()).containsKey("move");
        assertThat(root.getSubcommands().get("trusts").getSubcommands()).containsKeys("add", "remove", "list", "explain",
                "security");
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        all.forEach(command -> assertThat(command.getUsageMessage()).isNotBlank());
    }

    @Test
    void exportTakesAFileAfterDashO() {
        ExportCommand command = new ExportCommand();
        new CommandLine(command).parseArgs("--folder", "/Acme", "--folder", "/Ops Team", "-o", "block.yaml");
        assertThat(command.file).hasToString("block.yaml");
        assertThat(ExportCommand.query(command.folders)).isEqualTo("?folder=%2FAcme&folder=%2FOps%20Team");
    }

    @Test
    void retentionSetNeedsDaysAndShowTakesJsonOutput() {
        Cli missing = Cli.run("retention", "set");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required option: '--days=N'");
        Cli notANumber = Cli.run("retention", "set", "--days", "ninety");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.err()).contains("'ninety' is not an int");

        RetentionCommand.Show show = new RetentionCommand.Show();
        new CommandLine(show).parseArgs("--output", "json", "--tenant", "customer a");
        assertThat(show.output.json()).isTrue();
        assertThat(RetentionCommand.query(show.tenant)).isEqualTo("?tenant=customer%20a");
        assertThat(RetentionCommand.describe(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("tenant", "acme").put("days", 30).put("source", "default")))
                .isEqualTo("acme: finished jobs are kept 30 day(s) (the default)");
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }
}
