package dev.steward.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "tokens", description = "Create admin API tokens for your tenant.", subcommands = {TokensCommand.Create.class})
public final class TokensCommand {

    /** Roles an admin may hand out; the names are the API's. */
    enum Role { tenant_admin, operator, viewer }

    @Command(name = "create", description = {"Create an admin token with a role (shown once).",
            "tenant_admin: everything in the tenant; operator: modules, jobs and trusts; viewer: read only.",
            "The token alone is the last line of stdout, e.g. TOKEN=$(steward tokens create ci --role operator | tail -n1)."})
    static final class Create implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME", description = "What the token is for, e.g. ci") String name;
        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "${COMPLETION-CANDIDATES}") Role role;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("role", role.name());
            JsonNode created = connection.client().post("/api/v1/admin-tokens", body);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                OutputOption.printJson(out, created);
                return 0;
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println("created admin token " + Terminal.safe(created.path("name").asText()) + " (role "
                    + Terminal.safe(created.path("role").asText()) + "); it is shown once, store it now:");
            err.flush();
            out.println(created.get("token").asText());
            out.flush();
            return 0;
        }
    }
}
