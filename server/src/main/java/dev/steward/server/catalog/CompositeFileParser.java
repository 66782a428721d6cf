package dev.steward.server.catalog;

import static dev.steward.server.catalog.ModuleFileParser.flag;
import static dev.steward.server.catalog.ModuleFileParser.invalid;
import static dev.steward.server.catalog.ModuleFileParser.readMapping;
import static dev.steward.server.catalog.ModuleFileParser.rejectUnknown;
import static dev.steward.server.catalog.ModuleFileParser.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.server.http.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads project and run book files (YAML), with the same field-path error messages as module files. */
public final class CompositeFileParser {
    static final int MAX_ENTRIES = 100;
    private static final Set<String> PROJECT_FIELDS = Set.of("name", "description", "modules");
    private static final Set<String> ENTRY_FIELDS = Set.of("module", "continue");
    private static final Set<String> RUNBOOK_FIELDS = Set.of("name", "description", "steps");
    private static final Set<String> STEP_FIELDS = Set.of("module", "project", "targets", "continue");
    private static final Set<String> TARGET_FIELDS = Set.of("agents", "teams", "selector");

    private CompositeFileParser() {
    }

    public static ProjectSpec project(String yaml) {
        JsonNode root = readMapping(yaml, "'name' and 'modules'");
        rejectUnknown(root, PROJECT_FIELDS, "");
        String name = Names.require("name", text(root, "name", "name", true));
        List<ProjectSpec.Entry> entries = new ArrayList<>();
        for (JsonNode entry : list(root, "modules", "a module name or {module: NAME, continue: true}")) {
            String path = "modules[" + entries.size() + "]";
            if (entry.isTextual()) {
                entries.add(new ProjectSpec.Entry(Names.require(path, entry.asText()), false));
                continue;
            }
            if (!entry.isObject()) {
                throw invalid(path, "expected a module name or {module: NAME, continue: true}");
            }
            rejectUnknown(entry, ENTRY_FIELDS, path + ".");
            entries.add(new ProjectSpec.Entry(Names.require(path + ".module", text(entry, "module", path + ".module", true)),
                    flag(entry, "continue", path + ".continue")));
        }
        return new ProjectSpec(name, description(root), entries);
    }

    public static RunbookSpec runbook(String yaml) {
        JsonNode root = readMapping(yaml, "'name' and 'steps'");
        rejectUnknown(root, RUNBOOK_FIELDS, "");
        String name = Names.require("name", text(root, "name", "name", true));
        List<RunbookSpec.Step> steps = new ArrayList<>();
        for (JsonNode step : list(root, "steps", "{module: NAME} or {project: NAME}, with optional targets and continue")) {
            String path = "steps[" + steps.size() + "]";
            if (!step.isObject()) {
                throw invalid(path, "expected {module: NAME} or {project: NAME}, with optional targets and continue");
            }
            rejectUnknown(step, STEP_FIELDS, path + ".");
            if (step.has("module") == step.has("project")) {
                throw invalid(path, "set exactly one of 'module' and 'project'");
            }
            String module = step.has("module") ? Names.require(path + ".module", text(step, "module", path + ".module", true)) : null;
            String project = step.has("project") ? Names.require(path + ".project", text(step, "project", path + ".project", true)) : null;
            steps.add(new RunbookSpec.Step(module, project, targets(step.get("targets"), path + ".targets"),
                    flag(step, "continue", path + ".continue")));
        }
        return new RunbookSpec(name, description(root), steps);
    }

    private static Targets targets(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return new Targets(null, null, null);
        }
        if (!node.isObject()) {
            throw invalid(path, "expected a mapping with 'agents', 'teams' and/or 'selector'");
        }
        rejectUnknown(node, TARGET_FIELDS, path + ".");
        return new Targets(names(node.get("agents"), path + ".agents"), names(node.get("teams"), path + ".teams"),
                text(node, "selector", path + ".selector", false));
    }

    private static List<String> names(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid(path, "expected a list of names");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            names.add(Names.require(path + "[" + i + "]", node.get(i).asText()));
        }
        return names;
    }

    private static List<JsonNode> list(JsonNode root, String key, String expected) {
        JsonNode node = root.get(key);
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw invalid(key, "expected a non-empty list; each entry " + expected);
        }
        if (node.size() > MAX_ENTRIES) {
            throw invalid(key, "at most " + MAX_ENTRIES + " entries");
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items;
    }

    private static String description(JsonNode root) {
        String description = text(root, "description", "description", false);
        if (description != null && description.length() > 1024) {
            throw invalid("description", "at most 1024 characters");
        }
        return description;
    }
}
