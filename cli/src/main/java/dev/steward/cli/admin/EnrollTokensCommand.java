package dev.steward.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "enroll-tokens", description = "Create, list and revoke agent enrollment tokens.",
        subcommands = {EnrollTokensCommand.Create.class, EnrollTokensCommand.ListTokens.class, EnrollTokensCommand.Revoke.class})
public final class EnrollTokensCommand {

    @Command(name = "create", description = "Create an expiring, revocable enrollment token (shown once).")
    static final class Create implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Option(names = "--expires", defaultValue = "24h", description = "Lifetime, e.g. 1h, 24h, 7d (default 24h)")
        String expires;
        @Option(names = "--tenant", description = "Tenant the token enrolls into (provider admins only; default: yours)")
        String tenant;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("expires", expires);
            body.put("tenant", tenant);
            JsonNode created = connection.client().post("/api/v1/enroll-tokens", body);
            var out = spec.commandLine().getOut();
            if (output.json()) {
                OutputOption.printJson(out, created);
            } else {
                out.println("token:      " + created.get("token").asText());
                out.println("tenant:     " + created.get("tenant").asText());
                out.println("expires at: " + created.get("expires_at").asText());
                out.println("Enroll an agent with: steward agent --server URL --enroll-token TOKEN --ca-fingerprint SHA256:… --state-dir DIR --name NAME");
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List enrollment tokens of your tenant (or, for provider admins, of --tenant).")
    static final class ListTokens implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Option(names = "--tenant", description = "Customer tenant (provider admins only; default: yours)")
        String tenant;

        @Override
        public Integer call() {
            String query = tenant == null ? "" : "?tenant=" + ApiClient.segment(tenant);
            output.print(spec.commandLine().getOut(), connection.client().get("/api/v1/enroll-tokens" + query), tokens -> {
                Table table = new Table("ID", "STATUS", "EXPIRES", "ENROLLED");
                tokens.forEach(t -> table.row(t.get("id").asText(), t.get("status").asText(),
                        t.get("expires_at").asText(), t.get("enroll_count").asInt()));
                return table;
            });
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke an enrollment token at once.")
    static final class Revoke implements Callable<Integer> {
        @Mixin Connection connection;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "Token id (see 'enroll-tokens list')")
        String id;
        @Option(names = "--tenant", description = "Customer tenant (provider admins only; default: yours)")
        String tenant;

        @Override
        public Integer call() {
            String query = tenant == null ? "" : "?tenant=" + ApiClient.segment(tenant);
            connection.client().post("/api/v1/enroll-tokens/" + ApiClient.segment(id) + "/revoke" + query, Map.of());
            spec.commandLine().getOut().println("revoked enrollment token " + id);
            return 0;
        }
    }
}
