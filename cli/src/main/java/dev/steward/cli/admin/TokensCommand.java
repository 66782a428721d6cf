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

@Command(name = "tokens", description = "Create, list and revoke admin API tokens of your tenant.",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
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

    @Command(name = "list", description = "List the tenant's admin tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), connection.client().get("/api/v1/admin-tokens"), tokens -> {
                Table table = new Table("ID", "NAME", "ROLE", "CREATED", "REVOKED");
                tokens.forEach(t -> table.row(t.get("id").asText(), Terminal.safe(t.get("name").asText()), t.get("role").asText(),
                        t.get("created_at").asText(), t.path("revoked_at").isNull() ? "" : t.get("revoked_at").asText()));
                return table;
            });
            return 0;
        }
    }

    @Command(name = "revoke", description = {"Revoke an admin token by id (see 'tokens list'), at once.",
            "Schedules created with it stop firing jobs (each fire records why)."})
    static final class Revoke implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID") String id;

        @Override
        public Integer call() {
            JsonNode revoked = connection.client().post("/api/v1/admin-tokens/" + ApiClient.segment(id) + "/revoke", Map.of());
            if (output.json()) {
                OutputOption.printJson(spec.commandLine().getOut(), revoked);
            } else {
                spec.commandLine().getOut().println("revoked admin token " + Terminal.safe(revoked.get("name").asText())
                        + " (" + revoked.get("id").asText() + ")");
            }
            return 0;
        }
    }
}
