package dev.steward.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "tenants", description = "Create and list tenants (provider admins).",
        subcommands = {TenantsCommand.Create.class, TenantsCommand.ListTenants.class})
public final class TenantsCommand {

    @Command(name = "create", description = "Create a tenant and its first admin token (shown once).")
    static final class Create implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            JsonNode tenant = connection.client().post("/api/v1/tenants", Map.of("name", name));
            if (output.json()) {
                OutputOption.printJson(spec.commandLine().getOut(), tenant);
            } else {
                var out = spec.commandLine().getOut();
                out.println("tenant:      " + tenant.get("name").asText() + " (" + tenant.get("id").asText() + ")");
                out.println("admin token: " + tenant.get("admin_token").asText());
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List tenants.")
    static final class ListTenants implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), connection.client().get("/api/v1/tenants"), tenants -> {
                Table table = new Table("NAME", "PROVIDER", "ID");
                tenants.forEach(t -> table.row(t.get("name").asText(), t.get("provider").asBoolean(), t.get("id").asText()));
                return table;
            });
            return 0;
        }
    }
}
