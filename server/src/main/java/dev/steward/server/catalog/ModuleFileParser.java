package dev.steward.server.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.steward.protocol.Delivery;
import dev.steward.protocol.DurationText;
import dev.steward.protocol.ResourceRef;
import dev.steward.protocol.ModuleSpec;
import dev.steward.protocol.OnError;
import dev.steward.protocol.TaskSpec;
import dev.steward.server.http.ApiException;
import dev.steward.server.http.Names;
import dev.steward.server.http.Printable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a module file (YAML) and validates every field by hand, so that each mistake is reported with
 * its path (e.g. {@code tasks[1].timeout}) and what is expected there.
 */
public final class ModuleFileParser {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    static final int MAX_TASKS = 200;
    static final int MAX_SCRIPT_CHARS = 256 * 1024;
    private static final Set<String> MODULE_FIELDS = Set.of("name", "description", "tasks");
    private static final Set<String> TASK_FIELDS = Set.of("name", "command", "script", "script_resource", "deliver",
            "interpreter", "timeout", "on_error", "env");
    private static final Set<String> DELIVER_FIELDS = Set.of("resource", "path", "mode");
    private static final Pattern MODE = Pattern.compile("0?[0-7]{3}");
    static final int MAX_PATH_CHARS = 1024;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ModuleFileParser() {
    }

    /** The module described by the file, version 0 (the store assigns the real version). */
    public static ModuleSpec parse(String yaml) {
        JsonNode root = readMapping(yaml, "'name' and 'tasks'");
        rejectUnknown(root, MODULE_FIELDS, "");
        String name = Names.require("name", text(root, "name", "name", true));
        String description = text(root, "description", "description", false);
        if (description != null && description.length() > 1024) {
            throw invalid("description", "at most 1024 characters");
        }
        JsonNode tasksNode = root.get("tasks");
        if (tasksNode == null || !tasksNode.isArray() || tasksNode.isEmpty()) {
            throw invalid("tasks", "expected a non-empty list of tasks");
        }
        if (tasksNode.size() > MAX_TASKS) {
            throw invalid("tasks", "at most " + MAX_TASKS + " tasks per module");
        }
        List<TaskSpec> tasks = new ArrayList<>();
        Set<String> taskNames = new HashSet<>();
        for (int i = 0; i < tasksNode.size(); i++) {
            TaskSpec task = task(tasksNode.get(i), "tasks[" + i + "]");
            if (!taskNames.add(task.name())) {
                throw invalid("tasks[" + i + "].name", "task names must be unique in a module; '" + task.name()
                        + "' appears twice");
            }
            tasks.add(task);
        }
        return new ModuleSpec(name, 0, description, tasks);
    }

    /** The document's top-level mapping, or a 400 saying what is wrong and what was expected ({@code expected}). */
    static JsonNode readMapping(String yaml, String expected) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw invalid(null, "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw invalid(null, "expected a mapping with " + expected + " at the top level");
        }
        return root;
    }

    static boolean flag(JsonNode parent, String key, String path) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw invalid(path, "expected true or false");
        }
        return node.asBoolean();
    }

    private static TaskSpec task(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw invalid(path, "expected a mapping with 'name' and either 'command' or 'script'");
        }
        rejectUnknown(node, TASK_FIELDS, path + ".");
        String name = text(node, "name", path + ".name", true);
        if (name.isBlank() || name.length() > 128) {
            throw invalid(path + ".name", "expected 1-128 characters");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw invalid(path + ".name", "control characters (tabs, newlines, ...) are not allowed in a task name");
        }
        int kinds = (node.has("command") ? 1 : 0) + (node.has("script") ? 1 : 0) + (node.has("script_resource") ? 1 : 0)
                + (node.has("deliver") ? 1 : 0);
        if (kinds != 1) {
            throw invalid(path, "set exactly one of 'command' (a list: program and arguments), 'script' (text), "
                    + "'script_resource' (the name of a resource holding the script) or 'deliver' (resource, path, mode)");
        }
        List<String> command = null;
        String script = null;
        String interpreter = null;
        ResourceRef resource = null;
        Delivery delivery = null;
        if (node.has("command")) {
            command = command(node.get("command"), path + ".command");
        } else if (node.has("script")) {
            script = text(node, "script", path + ".script", true);
            if (script.length() > MAX_SCRIPT_CHARS) {
                throw invalid(path + ".script", "at most " + MAX_SCRIPT_CHARS + " characters");
            }
        } else if (node.has("script_resource")) {
            resource = ResourceRef.named(Names.require(path + ".script_resource", text(node, "script_resource",
                    path + ".script_resource", true)));
        } else {
            JsonNode deliver = node.get("deliver");
            if (!deliver.isObject()) {
                throw invalid(path + ".deliver", "expected a mapping with 'resource', 'path' and optionally 'mode' (e.g. \"0644\")");
            }
            rejectUnknown(deliver, DELIVER_FIELDS, path + ".deliver.");
            resource = ResourceRef.named(Names.require(path + ".deliver.resource",
                    text(deliver, "resource", path + ".deliver.resource", true)));
            delivery = new Delivery(targetPath(text(deliver, "path", path + ".deliver.path", true), path + ".deliver.path"),
                    mode(text(deliver, "mode", path + ".deliver.mode", false), path + ".deliver.mode"));
        }
        if (node.has("interpreter")) {
            if (command != null || delivery != null) {
                throw invalid(path + ".interpreter", "'interpreter' only applies to 'script' and 'script_resource' tasks");
            }
            interpreter = text(node, "interpreter", path + ".interpreter", false);
            if (interpreter != null && interpreter.isBlank()) {
                throw invalid(path + ".interpreter", "expected a program such as sh, bash or python3");
            }
        }
        Duration timeout = timeout(node.get("timeout"), path + ".timeout");
        OnError onError = onError(node.get("on_error"), path + ".on_error");
        return new TaskSpec(name, command, script, interpreter, timeout.toSeconds(), onError,
                env(node.get("env"), path + ".env"), resource, delivery, null);
    }

    /** An absolute path on the agent: POSIX ({@code /etc/app.conf}) or Windows ({@code C:\\app\\app.conf}). */
    private static String targetPath(String value, String path) {
        boolean absolute = value.startsWith("/") || value.matches("[A-Za-z]:[\\\\/].*");
        if (!absolute || value.length() > MAX_PATH_CHARS || value.codePoints().anyMatch(Character::isISOControl)) {
            throw invalid(path, "expected an absolute path of at most " + MAX_PATH_CHARS
                    + " characters without control characters, e.g. /etc/app/app.conf; got '" + Printable.clip(value, 80) + "'");
        }
        return value;
    }

    private static String mode(String value, String path) {
        if (value == null) {
            return "0644";
        }
        if (!MODE.matcher(value).matches()) {
            throw invalid(path, "expected octal permissions such as \"0644\" or \"0755\" (quote them in YAML), got '"
                    + Printable.clip(value, 20) + "'");
        }
        return value.length() == 3 ? "0" + value : value;
    }

    private static List<String> command(JsonNode node, String path) {
        if (!node.isArray() || node.isEmpty()) {
            throw invalid(path, "expected a non-empty list like [\"sh\", \"-c\", \"echo hi\"] (no shell is implied)");
        }
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode arg = node.get(i);
            if (!arg.isValueNode() || arg.isNull()) {
                throw invalid(path + "[" + i + "]", "expected a string");
            }
            argv.add(arg.asText());
        }
        if (argv.getFirst().isBlank()) {
            throw invalid(path + "[0]", "the program to run must not be empty");
        }
        return argv;
    }

    private static Duration timeout(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return DEFAULT_TIMEOUT;
        }
        Duration timeout;
        try {
            timeout = DurationText.parse(node.asText());
        } catch (IllegalArgumentException e) {
            throw invalid(path, e.getMessage());
        }
        if (timeout.toSeconds() < 1 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw invalid(path, "expected between 1s and 24h, got '" + node.asText() + "'");
        }
        return timeout;
    }

    private static OnError onError(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return OnError.STOP;
        }
        return switch (node.asText()) {
            case "stop" -> OnError.STOP;
            case "continue" -> OnError.CONTINUE;
            default -> throw invalid(path, "expected 'stop' or 'continue', got '" + Printable.clip(node.asText(), 40) + "'");
        };
    }

    private static Map<String, String> env(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw invalid(path, "expected a mapping of variable names to values");
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!ENV_NAME.matcher(entry.getKey()).matches()) {
                throw invalid(path + "." + entry.getKey(), "not a valid environment variable name");
            }
            if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                throw invalid(path + "." + entry.getKey(), "expected a string value");
            }
            env.put(entry.getKey(), entry.getValue().asText());
        }
        return env;
    }

    static String text(JsonNode parent, String key, String path, boolean required) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            if (required) {
                throw invalid(path, "is required");
            }
            return null;
        }
        if (!node.isTextual() && !node.isNumber() && !node.isBoolean()) {
            throw invalid(path, "expected text");
        }
        return node.asText();
    }

    static void rejectUnknown(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                throw invalid(prefix + Printable.clip(field, 40), "unknown field; expected one of "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    static ApiException invalid(String field, String message) {
        return ApiException.badRequest(field, field == null ? message : field + ": " + message);
    }
}
