package dev.steward.cli;

import dev.steward.cli.admin.AgentsCommand;
import dev.steward.cli.admin.ApiFailure;
import dev.steward.cli.admin.EnrollTokensCommand;
import dev.steward.cli.admin.ExportCommand;
import dev.steward.cli.admin.FoldersCommand;
import dev.steward.cli.admin.ImportCommand;
import dev.steward.cli.admin.InventoryCommand;
import dev.steward.cli.admin.JobsCommand;
import dev.steward.cli.admin.ModulesCommand;
import dev.steward.cli.admin.ProjectsCommand;
import dev.steward.cli.admin.ResourcesCommand;
import dev.steward.cli.admin.RetentionCommand;
import dev.steward.cli.admin.RunbooksCommand;
import dev.steward.cli.admin.SchedulesCommand;
import dev.steward.cli.admin.TeamsCommand;
import dev.steward.cli.admin.TenantsCommand;
import dev.steward.cli.admin.TokensCommand;
import dev.steward.cli.admin.TrustsCommand;
import dev.steward.cli.role.AgentCommand;
import dev.steward.cli.role.QuickstartCommand;
import dev.steward.cli.role.ServerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code steward} command: one distribution, several roles, and the admin verbs. */
@Command(name = "steward", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Multi-tenant endpoint automation: server, agent and admin verbs.",
        subcommands = {ServerCommand.class, AgentCommand.class, QuickstartCommand.class, EnrollTokensCommand.class,
                AgentsCommand.class, TeamsCommand.class, FoldersCommand.class, ModulesCommand.class,
                ResourcesCommand.class, ProjectsCommand.class, RunbooksCommand.class, JobsCommand.class,
                SchedulesCommand.class, TrustsCommand.class, InventoryCommand.class, ExportCommand.class,
                ImportCommand.class, TenantsCommand.class, TokensCommand.class, RetentionCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String message = e instanceof ApiFailure || e instanceof UserError || e instanceof IllegalArgumentException
                    || e instanceof java.io.UncheckedIOException
                    ? e.getMessage() : e.toString();
            cmd.getErr().println("steward: error: " + message);
            return e instanceof UserError user ? user.exitCode() : 1;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"steward " + dev.steward.agent.AgentVersion.current()};
        }
    }
}
