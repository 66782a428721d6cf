package dev.steward.server.block;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.steward.protocol.ModuleSpec;
import dev.steward.server.catalog.CompositeFileParser;
import dev.steward.server.catalog.CompositeService;
import dev.steward.server.catalog.DefinitionFiles;
import dev.steward.server.catalog.ModuleFileParser;
import dev.steward.server.catalog.ModuleService;
import dev.steward.server.catalog.ModuleView;
import dev.steward.server.catalog.ProjectSpec;
import dev.steward.server.catalog.RunbookSpec;
import dev.steward.server.folder.FolderKind;
import dev.steward.server.folder.FolderService;
import dev.steward.server.http.ApiException;
import dev.steward.server.identity.Principal;
import dev.steward.server.resource.Resource;
import dev.steward.server.resource.ResourceService;
import dev.steward.server.trust.TrustService;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Recreates a building block in the caller's tenant. Everything is read and validated first (each module,
 * project and run book through its parser, each resource against its hash), so a bad block changes
 * nothing; then folders, resources, modules, projects, run books and trusts are applied in that order.
 * What already matches is left alone: importing the same block twice changes nothing the second time.
 */
final class BlockImport {
    /** SnakeYAML refuses documents over 3 MB by default; a block embeds resource content, so allow the block cap. */
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .loaderOptions(loaderOptions()).build());
    private static final Set<String> TOP = Set.of("steward_block", "exported_at", "folders", "resources", "modules",
            "projects", "runbooks", "trusts");

    private final FolderService folders;
    private final ModuleService modules;
    private final CompositeService composites;
    private final ResourceService resources;
    private final TrustService trusts;

    BlockImport(FolderService folders, ModuleService modules, CompositeService composites, ResourceService resources,
            TrustService trusts) {
        this.folders = folders;
        this.modules = modules;
        this.composites = composites;
        this.resources = resources;
        this.trusts = trusts;
    }

    private record ResourceEntry(String name, String folder, byte[] content, String sha256) {
    }

    private record Definition<T>(String folder, String yaml, T spec) {
    }

    private static org.yaml.snakeyaml.LoaderOptions loaderOptions() {
        org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
        options.setCodePointLimit(BlockRoutes.MAX_BLOCK_BYTES);
        return options;
    }

    ImportReport importBlock(Principal caller, String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (java.io.IOException e) {
            throw ApiException.badRequest(null, "not a valid building block (YAML): " + e.getMessage());
        }
        if (root == null || !root.isObject() || root.path("steward_block").asInt(0) != 1) {
            throw ApiException.badRequest("steward_block", "not a Steward building block: expected 'steward_block: 1' at the top");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!TOP.contains(field)) {
                throw ApiException.badRequest(field, field + ": unknown field; a block has " + String.join(", ", new java.util.TreeSet<>(TOP)));
            }
        }
        // Read and validate everything before changing anything.
        List<String> moduleFolders = strings(root.path("folders").path("module"), "folders.module");
        List<String> resourceFolders = strings(root.path("folders").path("resource"), "folders.resource");
        List<ResourceEntry> resourceEntries = new ArrayList<>();
        eachEntry(root, "resources", (node, path) -> resourceEntries.add(resource(node, path)));
        List<Definition<ModuleSpec>> moduleEntries = new ArrayList<>();
        eachEntry(root, "modules", (node, path) -> {
            String yaml = DefinitionFiles.yaml(definition(node, path));
            moduleEntries.add(new Definition<>(folder(node, path), yaml, parse(path, () -> ModuleFileParser.parse(yaml))));
        });
        List<Definition<ProjectSpec>> projectEntries = new ArrayList<>();
        eachEntry(root, "projects", (node, path) -> {
            String yaml = DefinitionFiles.yaml(definition(node, path));
            projectEntries.add(new Definition<>(folder(node, path), yaml, parse(path, () -> CompositeFileParser.project(yaml))));
        });
        List<Definition<RunbookSpec>> runbookEntries = new ArrayList<>();
        eachEntry(root, "runbooks", (node, path) -> {
            String yaml = DefinitionFiles.yaml(definition(node, path));
            runbookEntries.add(new Definition<>(folder(node, path), yaml, parse(path, () -> CompositeFileParser.runbook(yaml))));
        });
        List<TrustService.TrustRequest> trustEntries = new ArrayList<>();
        eachEntry(root, "trusts", (node, path) -> {
            String targetKind = node.path("target_kind").asText();
            if (!targetKind.equals("team_folder")) {
                throw ApiException.badRequest(path, path + ": a building block carries only trusts naming team folders, not "
                        + targetKind + " (trusts naming teams or agents are never imported)");
            }
            trustEntries.add(new TrustService.TrustRequest(node.path("holder_kind").asText(), node.path("holder").asText(),
                    targetKind, node.path("target").asText()));
        });
        if (!trustEntries.isEmpty()) {
            trusts.requireConfigure(caller);
        }
        // Read once: every import step below compares against what the tenant had before the import.
        Map<String, CompositeService.Stored<ProjectSpec>> existingProjects = byName(composites.projects(caller.tenantId()));
        Map<String, CompositeService.Stored<RunbookSpec>> existingRunbooks = byName(composites.runbooks(caller.tenantId()));
        requireReferencesResolve(caller.tenantId(), moduleFolders, resourceFolders, resourceEntries, moduleEntries,
                projectEntries, existingProjects.keySet(), runbookEntries, trustEntries);

        ImportReport report = ImportReport.empty();
        String tenant = caller.tenantId();
        for (String path : moduleFolders) {
            ensureFolder(caller, FolderKind.MODULE, path, report);
        }
        for (String path : resourceFolders) {
            ensureFolder(caller, FolderKind.RESOURCE, path, report);
        }
        for (ResourceEntry entry : resourceEntries) {
            Optional<Resource> existing = resources.byName(tenant, entry.name());
            String folderPath = entry.folder();
            if (existing.isPresent() && existing.get().sha256().equals(entry.sha256())) {
                String current = folders.pathOf(tenant, FolderKind.RESOURCE, existing.get().folderId()).orElse("/");
                if (current.equals(folderPath)) {
                    report.count(report.unchanged(), "resources");
                } else {
                    resources.move(caller, entry.name(), folderPath);
                    report.count(report.updated(), "resources");
                }
                continue;
            }
            try {
                resources.upload(caller, entry.name(), folderPath, entry.content().length,
                        () -> new ByteArrayInputStream(entry.content()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            report.count(existing.isPresent() ? report.updated() : report.created(), "resources");
        }
        for (Definition<ModuleSpec> entry : moduleEntries) {
            Optional<ModuleView> existing = latest(tenant, entry.spec().name());
            if (existing.isPresent() && existing.get().tasks().equals(entry.spec().tasks())
                    && java.util.Objects.equals(existing.get().description(), entry.spec().description())) {
                String current = folders.pathOf(tenant, FolderKind.MODULE, existing.get().folder()).orElse("/");
                if (current.equals(entry.folder())) {
                    report.count(report.unchanged(), "modules");
                } else {
                    modules.move(caller, entry.spec().name(), entry.folder());
                    report.count(report.updated(), "modules");
                }
                continue;
            }
            modules.apply(caller, entry.yaml(), entry.folder());
            report.count(existing.isPresent() ? report.updated() : report.created(), "modules");
        }
        for (Definition<ProjectSpec> entry : projectEntries) {
            applyComposite(tenant, report, "projects", existingProjects.get(entry.spec().name()), entry,
                    () -> composites.applyProject(caller, entry.yaml(), entry.folder()),
                    () -> composites.move(caller, dev.steward.server.catalog.CompositeKind.PROJECT, entry.spec().name(), entry.folder()));
        }
        for (Definition<RunbookSpec> entry : runbookEntries) {
            applyComposite(tenant, report, "runbooks", existingRunbooks.get(entry.spec().name()), entry,
                    () -> composites.applyRunbook(caller, entry.yaml(), entry.folder()),
                    () -> composites.move(caller, dev.steward.server.catalog.CompositeKind.RUNBOOK, entry.spec().name(), entry.folder()));
        }
        for (TrustService.TrustRequest trust : trustEntries) {
            try {
                ensureFolder(caller, FolderKind.TEAM, trust.target(), report);
            } catch (ApiException e) {
                report.skipped().add("trust of " + trust.holderKind() + " " + trust.holder() + " on team folder " + trust.target()
                        + ": " + e.getMessage());
                continue;
            }
            report.count(trusts.addImported(caller, trust) ? report.created() : report.unchanged(), "trusts");
        }
        return report;
    }

    /**
     * Everything the block's items name must be in the block or already in the tenant, checked before
     * anything is written, so that an import cannot stop half way for a missing reference.
     */
    private void requireReferencesResolve(String tenant, List<String> moduleFolders, List<String> resourceFolders,
            List<ResourceEntry> resourceEntries, List<Definition<ModuleSpec>> moduleEntries,
            List<Definition<ProjectSpec>> projectEntries, Set<String> existingProjects,
            List<Definition<RunbookSpec>> runbookEntries, List<TrustService.TrustRequest> trustEntries) {
        Set<String> resourceNames = new java.util.HashSet<>();
        resourceEntries.forEach(r -> resourceNames.add(r.name()));
        resources.all(tenant).forEach(r -> resourceNames.add(r.name()));
        Set<String> moduleNames = new java.util.HashSet<>(modules.folderIds(tenant).keySet());
        moduleEntries.forEach(m -> moduleNames.add(m.spec().name()));
        Set<String> projectNames = new java.util.HashSet<>(existingProjects);
        projectEntries.forEach(p -> projectNames.add(p.spec().name()));
        Set<String> moduleFolderPaths = new java.util.HashSet<>(moduleFolders);
        folders.all(tenant, FolderKind.MODULE).values().forEach(f -> moduleFolderPaths.add(f.path()));
        Set<String> resourceFolderPaths = new java.util.HashSet<>(resourceFolders);
        folders.all(tenant, FolderKind.RESOURCE).values().forEach(f -> resourceFolderPaths.add(f.path()));

        List<String> missing = new ArrayList<>();
        moduleFolderPaths.add("/");
        resourceFolderPaths.add("/");
        resourceEntries.stream().filter(r -> !resourceFolderPaths.contains(r.folder()))
                .forEach(r -> missing.add("resource '" + r.name() + "' is in resource folder '" + r.folder() + "'"));
        java.util.stream.Stream.of(moduleEntries.stream().map(m -> Map.entry("module '" + m.spec().name() + "'", m.folder())),
                        projectEntries.stream().map(p -> Map.entry("project '" + p.spec().name() + "'", p.folder())),
                        runbookEntries.stream().map(r -> Map.entry("run book '" + r.spec().name() + "'", r.folder())))
                .flatMap(x -> x).filter(e -> !moduleFolderPaths.contains(e.getValue()))
                .forEach(e -> missing.add(e.getKey() + " is in module folder '" + e.getValue() + "'"));
        for (Definition<ModuleSpec> m : moduleEntries) {
            m.spec().tasks().stream().filter(t -> t.resource() != null && !resourceNames.contains(t.resource().name()))
                    .forEach(t -> missing.add("module '" + m.spec().name() + "' uses resource '" + t.resource().name() + "'"));
        }
        for (Definition<ProjectSpec> p : projectEntries) {
            p.spec().modules().stream().filter(e -> !moduleNames.contains(e.module()))
                    .forEach(e -> missing.add("project '" + p.spec().name() + "' runs module '" + e.module() + "'"));
        }
        for (Definition<RunbookSpec> r : runbookEntries) {
            for (RunbookSpec.Step step : r.spec().steps()) {
                if (step.module() != null && !moduleNames.contains(step.module())) {
                    missing.add("run book '" + r.spec().name() + "' runs module '" + step.module() + "'");
                }
                if (step.project() != null && !projectNames.contains(step.project())) {
                    missing.add("run book '" + r.spec().name() + "' runs project '" + step.project() + "'");
                }
            }
        }
        for (TrustService.TrustRequest t : trustEntries) {
            boolean known = switch (t.holderKind()) {
                case "module" -> moduleNames.contains(t.holder());
                case "resource" -> resourceNames.contains(t.holder());
                case "module_folder" -> moduleFolderPaths.contains(dev.steward.server.folder.FolderPath.normalize("holder", t.holder()));
                case "resource_folder" -> resourceFolderPaths.contains(dev.steward.server.folder.FolderPath.normalize("holder", t.holder()));
                default -> throw ApiException.badRequest("trusts", "a building block carries only trusts held by modules, "
                        + "resources and their folders, not by " + t.holderKind());
            };
            if (!known) {
                missing.add("a trust is held by " + t.holderKind() + " '" + t.holder() + "'");
            }
        }
        if (!missing.isEmpty()) {
            throw ApiException.badRequest(null, "nothing was imported: the block refers to what it does not carry and this "
                    + "tenant does not have: " + String.join("; ", missing.subList(0, Math.min(20, missing.size())))
                    + (missing.size() > 20 ? "; and " + (missing.size() - 20) + " more" : ""));
        }
    }

    private static <T> Map<String, CompositeService.Stored<T>> byName(List<CompositeService.Stored<T>> stored) {
        Map<String, CompositeService.Stored<T>> byName = new java.util.HashMap<>();
        stored.forEach(s -> byName.put(s.name(), s));
        return byName;
    }

    /** A project or run book: left alone when the same, moved when only its folder differs, else applied. */
    private <T> void applyComposite(String tenant, ImportReport report, String kind, CompositeService.Stored<T> existing,
            Definition<T> entry, Runnable apply, Runnable move) {
        if (existing != null && existing.spec().equals(entry.spec())) {
            String currentFolder = folders.pathOf(tenant, FolderKind.MODULE, existing.folderId()).orElse("/");
            if (entry.folder().equals(currentFolder)) {
                report.count(report.unchanged(), kind);
            } else {
                move.run();
                report.count(report.updated(), kind);
            }
            return;
        }
        apply.run();
        report.count(existing != null ? report.updated() : report.created(), kind);
    }

    private Optional<ModuleView> latest(String tenant, String name) {
        try {
            return Optional.of(modules.latest(tenant, name));
        } catch (ApiException notFound) {
            return Optional.empty();
        }
    }

    private void ensureFolder(Principal caller, FolderKind kind, String path, ImportReport report) {
        if (path.equals("/")) {
            return;
        }
        try {
            folders.idOf(caller.tenantId(), kind, path);
            report.count(report.unchanged(), kind.wireName() + "_folders");
        } catch (ApiException missing) {
            if (missing.status() != 404) {
                throw missing;
            }
            folders.create(caller, kind, path, true);
            report.count(report.created(), kind.wireName() + "_folders");
        }
    }

    private static ResourceEntry resource(JsonNode node, String path) {
        String name = node.path("name").asText(null);
        String content = node.path("content_base64").asText(null);
        String sha = node.path("sha256").asText(null);
        if (name == null || content == null || sha == null) {
            throw ApiException.badRequest(path, path + ": a resource needs name, sha256 and content_base64");
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(content);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(path + ".content_base64", path + ".content_base64: not valid base64");
        }
        String actual;
        try {
            actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!actual.equals(sha)) {
            throw ApiException.badRequest(path + ".sha256", path + ": the content's sha256 is " + actual + ", the block says " + sha
                    + "; the block is damaged");
        }
        return new ResourceEntry(name, folder(node, path), bytes, sha);
    }

    private static String folder(JsonNode node, String path) {
        String folder = node.path("folder").asText("/");
        return dev.steward.server.folder.FolderPath.normalize(path + ".folder", folder);
    }

    private static Map<String, Object> definition(JsonNode node, String path) {
        JsonNode definition = node.get("definition");
        if (definition == null || !definition.isObject()) {
            throw ApiException.badRequest(path + ".definition", path + ".definition: expected the definition as a mapping");
        }
        return YAML.convertValue(definition, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
    }

    private static <T> T parse(String path, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (ApiException e) {
            throw new ApiException(e.status(), path + ".definition: " + e.getMessage(), path);
        }
    }

    private static List<String> strings(JsonNode node, String path) {
        List<String> values = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            throw ApiException.badRequest(path, path + ": expected a list of folder paths");
        }
        node.forEach(v -> values.add(dev.steward.server.folder.FolderPath.normalize(path, v.asText())));
        return values;
    }

    private interface EntryReader {
        void read(JsonNode node, String path);
    }

    private static void eachEntry(JsonNode root, String key, EntryReader reader) {
        JsonNode list = root.get(key);
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            throw ApiException.badRequest(key, key + ": expected a list");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            if (!entry.isObject()) {
                throw ApiException.badRequest(key + "[" + i + "]", key + "[" + i + "]: expected a mapping");
            }
            reader.read(entry, key + "[" + i + "]");
        }
    }
}
