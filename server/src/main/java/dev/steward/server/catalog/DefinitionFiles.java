package dev.steward.server.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.steward.protocol.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inverse of the parsers: modules, projects and run books as the same mappings people write in their
 * files, so an export can be read back through the parsers (and their validation) unchanged.
 */
public final class DefinitionFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));

    private DefinitionFiles() {
    }

    public static Map<String, Object> module(ModuleView module) {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("name", module.name());
        if (module.description() != null) {
            file.put("description", module.description());
        }
        List<Object> tasks = new ArrayList<>();
        module.tasks().forEach(task -> tasks.add(task(task)));
        file.put("tasks", tasks);
        return file;
    }

    private static Map<String, Object> task(TaskSpec task) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", task.name());
        if (task.command() != null) {
            t.put("command", task.command());
        } else if (task.script() != null) {
            t.put("script", task.script());
        } else if (task.deliver() != null) {
            Map<String, Object> deliver = new LinkedHashMap<>();
            deliver.put("resource", task.resource().name());
            deliver.put("path", task.deliver().path());
            deliver.put("mode", task.deliver().mode());
            t.put("deliver", deliver);
        } else {
            t.put("script_resource", task.resource().name());
        }
        if (task.interpreter() != null) {
            t.put("interpreter", task.interpreter());
        }
        t.put("timeout", task.timeoutSeconds() + "s");
        t.put("on_error", task.onError().wireName());
        if (!task.env().isEmpty()) {
            t.put("env", new java.util.TreeMap<>(task.env()));
        }
        return t;
    }

    public static Map<String, Object> project(ProjectSpec project) {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("name", project.name());
        if (project.description() != null) {
            file.put("description", project.description());
        }
        List<Object> modules = new ArrayList<>();
        for (ProjectSpec.Entry entry : project.modules()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("module", entry.module());
            if (entry.continueOnFailure()) {
                e.put("continue", true);
            }
            modules.add(e);
        }
        file.put("modules", modules);
        return file;
    }

    public static Map<String, Object> runbook(RunbookSpec runbook) {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("name", runbook.name());
        if (runbook.description() != null) {
            file.put("description", runbook.description());
        }
        List<Object> steps = new ArrayList<>();
        for (RunbookSpec.Step step : runbook.steps()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put(step.module() != null ? "module" : "project", step.module() != null ? step.module() : step.project());
            if (!step.targets().isEmpty()) {
                Map<String, Object> targets = new LinkedHashMap<>();
                if (!step.targets().agents().isEmpty()) {
                    targets.put("agents", step.targets().agents());
                }
                if (!step.targets().teams().isEmpty()) {
                    targets.put("teams", step.targets().teams());
                }
                if (step.targets().selector() != null) {
                    targets.put("selector", step.targets().selector());
                }
                s.put("targets", targets);
            }
            if (step.continueOnFailure()) {
                s.put("continue", true);
            }
            steps.add(s);
        }
        file.put("steps", steps);
        return file;
    }

    /** A mapping as YAML text (what the parsers read). */
    public static String yaml(Object mapping) {
        try {
            return YAML.writeValueAsString(mapping);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
