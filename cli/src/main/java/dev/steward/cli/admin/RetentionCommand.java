package dev.steward.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "retention", description = {"Show or set how long the tenant keeps finished jobs, their runs and task output.",
        "Older ones are deleted in the background (jobs with a run still open are always kept); default 30 days."},
        subcommands = {RetentionCommand.Show.class, RetentionCommand.Set.class})
public final class RetentionCommand {

    static String describe(JsonNode r) {
        return Terminal.safe(r.path("tenant").asText()) + ": finished jobs are kept " + r.path("days").asInt() + " day(s)"
                + ("default".equals(r.path("source").asText()) ? " (the default)" : " (set for this tenant"
                + (r.hasNonNull("updated_at") ? " at " + r.get("updated_at").asText() : "") + ")");
    }

    static String query(String tenant) {
        return tenant == null ? "" : "?tenant=" + ApiClient.segment(tenant);
    }

    @Command(name = "show", description = "Show the tenant's retention (or, for provider admins, that of --tenant).")
    static final class Show implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Option(names = "--tenant", description = "Customer tenant (provider admins only; default: yours)")
        String tenant;

        @Override
        public Integer call() {
            output.report(spec.commandLine().getOut(), connection.client().get("/api/v1/retention" + query(tenant)),
                    RetentionCommand::describe);
            return 0;
        }
    }

    @Command(name = "set", description = {"Set the tenant's retention in days (1 to 3650; needs full access).",
            "Takes effect at the next background pass (every 10 minutes)."})
    static final class Set implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Option(names = "--days", required = true, paramLabel = "N", description = "Days to keep finished jobs, e.g. 90")
        int days;
        @Option(names = "--tenant", description = "Customer tenant (provider admins only; default: yours)")
        String tenant;

        @Override
        public Integer call() {
            output.report(spec.commandLine().getOut(), connection.client().put("/api/v1/retention" + query(tenant),
                    Map.of("days", days)), RetentionCommand::describe);
            return 0;
        }
    }
}
