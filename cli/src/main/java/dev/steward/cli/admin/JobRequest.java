package dev.steward.cli.admin;

import dev.steward.cli.UserError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to run and where, as {@code jobs run} and {@code schedules create} send it: exactly one of module,
 * project and run book, and the targets (agent names, teams, a label selector; their union). Fields not
 * given are left out.
 */
final class JobRequest {
    private JobRequest() {
    }

    static Map<String, Object> body(String module, String project, String runbook, List<String> targets, List<String> teams,
            String selector, String usage) {
        List<String> named = new java.util.ArrayList<>();
        if (!blank(module)) {
            named.add("module " + module);
        }
        if (!blank(project)) {
            named.add("project " + project);
        }
        if (!blank(runbook)) {
            named.add("run book " + runbook);
        }
        if (named.isEmpty()) {
            throw new UserError("name what to run: a module, a project or a run book; usage: " + usage, 2);
        }
        if (named.size() > 1) {
            throw new UserError("name one thing to run, not " + String.join(" and ", named) + "; usage: " + usage, 2);
        }
        boolean noTargets = empty(targets) && empty(teams) && blank(selector);
        if (noTargets && blank(runbook)) {
            throw new UserError("name where to run it: --targets AGENT[,AGENT...], --teams TEAM[,TEAM...] and/or "
                    + "--selector key=value[,key=value...]; usage: " + usage, 2);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        putIf(body, "module", blank(module) ? null : module);
        putIf(body, "project", blank(project) ? null : project);
        putIf(body, "runbook", blank(runbook) ? null : runbook);
        putIf(body, "targets", empty(targets) ? null : targets);
        putIf(body, "teams", empty(teams) ? null : teams);
        putIf(body, "selector", blank(selector) ? null : selector);
        return body;
    }

    /** "module hello", "project web", "run book rollout": what a job or schedule runs, for people. */
    static String describe(Map<String, Object> body) {
        if (body.containsKey("module")) {
            return "module " + body.get("module");
        }
        return body.containsKey("project") ? "project " + body.get("project") : "run book " + body.get("runbook");
    }

    private static void putIf(Map<String, Object> body, String key, Object value) {
        if (value != null) {
            body.put(key, value);
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static boolean empty(List<String> list) {
        return list == null || list.isEmpty();
    }
}
