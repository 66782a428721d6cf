package dev.steward.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.cli.UserError;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "trusts", description = {
        "Configure trusts: an agent may run a module (or use a resource) only with full trust, that is when the agent side",
        "(the agent, its primary team or a team folder above it) trusts the module (or a module folder above it) AND the",
        "module side trusts the agent the same way. Applied at every execution when Trusts Security is enabled."},
        subcommands = {TrustsCommand.Add.class, TrustsCommand.Remove.class, TrustsCommand.ListTrusts.class,
                TrustsCommand.Explain.class, TrustsCommand.Security.class})
public final class TrustsCommand {
    /** The kinds of trust holders and targets, as on the wire; folders are referenced by path, the rest by name. */
    static final List<String> KINDS = List.of("team_folder", "team", "agent", "module_folder", "module", "resource_folder",
            "resource");

    /** One side of a trust: a kind and a reference (a folder's path or an object's name). */
    record Node(String kind, String ref) {
    }

    /** Parses the shorthand {@code KIND:REF}, e.g. {@code team:acme-web} or {@code module_folder:/Acme}. */
    static Node node(String word, String role) {
        int colon = word.indexOf(':');
        if (colon < 0) {
            throw new UserError(role + " '" + word + "' is not KIND:REF (e.g. team:acme-web, module_folder:/Acme)", 2);
        }
        return node(word.substring(0, colon), word.substring(colon + 1), role);
    }

    static Node node(String kind, String ref, String role) {
        if (!KINDS.contains(kind)) {
            throw new UserError(role + " kind '" + kind + "' is not one of " + String.join(", ", KINDS), 2);
        }
        if (ref == null || ref.isBlank()) {
            throw new UserError(role + ": name the " + kind.replace('_', ' ') + (kind.endsWith("_folder") ? " by path" : "")
                    + " after '" + kind + ":'", 2);
        }
        return new Node(kind, ref);
    }

    /**
     * Who trusts what, in either form: {@code HOLDER_KIND:REF TARGET_KIND:REF}, or {@code --holder-kind K
     * --holder REF --target-kind K --target REF}.
     */
    static final class TrustArgs {
        static final String USAGE = "HOLDER_KIND:REF TARGET_KIND:REF (e.g. team:acme-web module_folder:/Acme), or "
                + "--holder-kind K --holder REF --target-kind K --target REF";
        @Parameters(arity = "0..2", paramLabel = "KIND:REF", description = "Holder, then target, e.g. team:acme-web module_folder:/Acme")
        List<String> shorthand = new ArrayList<>();
        @Option(names = "--holder-kind", paramLabel = "KIND", description = "team_folder, team, agent, module_folder, module, "
                + "resource_folder or resource") String holderKind;
        @Option(names = "--holder", paramLabel = "REF", description = "The holder: a folder's path or an object's name")
        String holder;
        @Option(names = "--target-kind", paramLabel = "KIND", description = "The kind of what is trusted") String targetKind;
        @Option(names = "--target", paramLabel = "REF", description = "What is trusted: a folder's path or an object's name")
        String target;

        Map<String, Object> body() {
            boolean options = holderKind != null || holder != null || targetKind != null || target != null;
            Node from;
            Node to;
            if (!shorthand.isEmpty()) {
                if (options) {
                    throw new UserError("give the trust either as KIND:REF KIND:REF or with --holder-kind/--holder/"
                            + "--target-kind/--target, not both", 2);
                }
                if (shorthand.size() != 2) {
                    throw new UserError("name the holder and the target: " + USAGE, 2);
                }
                from = node(shorthand.get(0), "holder");
                to = node(shorthand.get(1), "target");
            } else {
                if (holderKind == null || holder == null || targetKind == null || target == null) {
                    throw new UserError("name the holder and the target: " + USAGE, 2);
                }
                from = node(holderKind, holder, "holder");
                to = node(targetKind, target, "target");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("holder_kind", from.kind());
            body.put("holder", from.ref());
            body.put("target_kind", to.kind());
            body.put("target", to.ref());
            return body;
        }
    }

    static String label(String kind) {
        return kind == null ? "" : kind.replace('_', ' ');
    }

    static String describe(Map<String, Object> trust) {
        return label((String) trust.get("holder_kind")) + " " + Terminal.safe((String) trust.get("holder")) + " trusts "
                + label((String) trust.get("target_kind")) + " " + Terminal.safe((String) trust.get("target"));
    }

    @Command(name = "add", description = {"Add a trust: HOLDER trusts TARGET (and everything below it).",
            "Team folders, teams and agents trust module folders, modules, resource folders and resources, and the other way round."})
    static final class Add implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Mixin TrustArgs trust;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            Map<String, Object> body = trust.body();
            output.report(spec.commandLine().getOut(), connection.client().post("/api/v1/trusts", body),
                    t -> "added trust: " + describe(body));
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove a trust (given as for 'trusts add').")
    static final class Remove implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin TrustArgs trust;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            Map<String, Object> body = trust.body();
            connection.client().post("/api/v1/trusts/remove", body);
            spec.commandLine().getOut().println("removed trust: " + describe(body));
            return 0;
        }
    }

    @Command(name = "list", description = "List the trusts set explicitly (inherited ones follow from these).")
    static final class ListTrusts implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), connection.client().get("/api/v1/trusts"), trusts -> {
                Table table = new Table("HOLDER KIND", "HOLDER", "TRUSTS KIND", "TRUSTS");
                trusts.forEach(t -> table.row(t.get("holder_kind").asText(), t.get("holder").asText(),
                        t.get("target_kind").asText(), t.get("target").asText()));
                return table;
            });
            return 0;
        }
    }

    @Command(name = "explain", description = {"Explain whether an agent may run a module (or use a resource), and why:",
            "each direction of the trust, where it is set, or where a trust was looked for."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:allowed (also when trusts are not applied)", "1:refused (or the request failed)",
                    "2:usage error"})
    static final class Explain implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Option(names = "--agent", required = true, paramLabel = "NAME") String agent;
        @Option(names = "--module", paramLabel = "NAME") String module;
        @Option(names = "--resource", paramLabel = "NAME") String resource;

        @Override
        public Integer call() {
            if ((module == null) == (resource == null)) {
                throw new UserError("name exactly one of --module NAME and --resource NAME", 2);
            }
            String query = "?agent=" + ApiClient.segment(agent) + (module != null ? "&module=" + ApiClient.segment(module)
                    : "&resource=" + ApiClient.segment(resource));
            JsonNode explained = connection.client().get("/api/v1/trusts/explain" + query);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                OutputOption.printJson(out, explained);
            } else {
                explain(out, explained);
            }
            return explained.path("decision").asText().startsWith("allowed") ? 0 : 1;
        }
    }

    /** The explanation for people: decision, Trusts Security, each direction, then the server's sentence. */
    static void explain(PrintWriter out, JsonNode e) {
        String agent = "agent " + Terminal.safe(e.path("agent").asText());
        String objectKind = label(e.path("object_kind").asText());
        String object = objectKind + " " + Terminal.safe(e.path("object").asText());
        out.println("decision: " + Terminal.safe(e.path("decision").asText()));
        out.println("Trusts Security: " + Terminal.safe(e.path("trusts_security").asText())
                + (e.path("applied").asBoolean() ? " (trusts are applied)" : " (trusts are not applied)"));
        out.println("agent side: " + agent + " trusts " + object + "? " + side(e.path("agent_side")));
        out.println(objectKind + " side: " + object + " trusts " + agent + "? " + side(e.path("object_side")));
        if (e.hasNonNull("message")) {
            out.println(Terminal.safe(e.get("message").asText()));
        }
        out.flush();
    }

    static String side(JsonNode side) {
        if (side.path("trusted").asBoolean()) {
            return "yes, via " + label(side.path("names_kind").asText()) + " " + Terminal.safe(side.path("names").asText())
                    + ", set on " + label(side.path("held_by_kind").asText()) + " " + Terminal.safe(side.path("held_by").asText())
                    + (side.path("inherited").asBoolean() ? " (inherited)" : " (explicit)");
        }
        List<String> searched = new ArrayList<>();
        side.path("searched").forEach(s -> searched.add(s.asText()));
        return "missing; searched: " + (searched.isEmpty() ? "nothing" : Terminal.safe(String.join(", ", searched)));
    }

    @Command(name = "security", description = {"Show or set the tenant's Trusts Security:",
            "disabled (default: not applied; only full-access admins configure trusts), configure-only (roles with the",
            "configure-trusts permission may configure them; still not applied), enabled (applied at every execution)."})
    static final class Security implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(arity = "0..1", paramLabel = "VALUE", description = "disabled, configure-only or enabled") String value;

        @Override
        public Integer call() {
            JsonNode security = value == null ? connection.client().get("/api/v1/trusts/security")
                    : connection.client().post("/api/v1/trusts/security", Map.of("trusts_security", value));
            output.report(spec.commandLine().getOut(), security, s -> "Trusts Security" + (value == null ? ": " : " is now ")
                    + Terminal.safe(s.path("trusts_security").asText())
                    + (s.path("applied").asBoolean() ? " (applied at every execution)" : " (trusts are not applied)")
                    + (s.hasNonNull("who_may_configure") ? "; trusts may be configured by "
                    + Terminal.safe(s.get("who_may_configure").asText()) : ""));
            return 0;
        }
    }
}
