package dev.steward.server.block;

import dev.steward.protocol.TaskSpec;
import dev.steward.server.catalog.CompositeService;
import dev.steward.server.catalog.DefinitionFiles;
import dev.steward.server.catalog.ModuleService;
import dev.steward.server.catalog.ModuleView;
import dev.steward.server.catalog.ProjectSpec;
import dev.steward.server.catalog.RunbookSpec;
import dev.steward.server.folder.Folder;
import dev.steward.server.folder.FolderKind;
import dev.steward.server.folder.FolderPath;
import dev.steward.server.folder.FolderService;
import dev.steward.server.http.ApiException;
import dev.steward.server.resource.Resource;
import dev.steward.server.resource.ResourceService;
import dev.steward.server.trust.TrustService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes a building block: module and resource folders, modules (latest versions), projects, run books,
 * resources with their content, and the trusts those objects hold on team folders. Trusts naming teams
 * or agents, and every trust held by team folders, teams or agents, are never included: they describe one
 * customer's fleet, not the automation. What the selection uses (a project's modules, a module's
 * resources) comes along, so the block imports on its own.
 */
final class BlockExport {
    /** A block is built in memory; resources beyond this (in total) are refused rather than risking the server. */
    static final long MAX_EMBEDDED_BYTES = 64L * 1024 * 1024;

    private final FolderService folders;
    private final ModuleService modules;
    private final CompositeService composites;
    private final ResourceService resources;
    private final TrustService trusts;

    BlockExport(FolderService folders, ModuleService modules, CompositeService composites, ResourceService resources,
            TrustService trusts) {
        this.folders = folders;
        this.modules = modules;
        this.composites = composites;
        this.resources = resources;
        this.trusts = trusts;
    }

    Map<String, Object> export(dev.steward.server.identity.Principal caller, List<String> folderPaths, Instant now) {
        String tenant = caller.tenantId();
        Map<String, Folder> moduleFolders = folders.all(tenant, FolderKind.MODULE);
        Map<String, Folder> resourceFolders = folders.all(tenant, FolderKind.RESOURCE);
        Selection moduleSide = new Selection(moduleFolders, folderPaths);
        Selection resourceSide = new Selection(resourceFolders, folderPaths);
        for (String path : folderPaths) {
            String normalized = FolderPath.normalize("folder", path);
            if (!moduleSide.matched(normalized) && !resourceSide.matched(normalized)) {
                throw ApiException.notFound("no module or resource folder '" + normalized + "' in this tenant; see "
                        + "'steward folders list --kind module' and '--kind resource'");
            }
        }

        Map<String, ModuleView> allModules = new LinkedHashMap<>();
        modules.latestAll(tenant).forEach(m -> allModules.put(m.name(), m));
        Map<String, CompositeService.Stored<ProjectSpec>> allProjects = new LinkedHashMap<>();
        composites.projects(tenant).forEach(p -> allProjects.put(p.name(), p));
        Map<String, Resource> allResources = new LinkedHashMap<>();
        resources.all(tenant).forEach(r -> allResources.put(r.name(), r));

        Set<String> runbookNames = new TreeSet<>();
        Set<String> projectNames = new TreeSet<>();
        Set<String> moduleNames = new TreeSet<>();
        Set<String> resourceNames = new TreeSet<>();
        List<CompositeService.Stored<RunbookSpec>> runbooks = composites.runbooks(tenant).stream()
                .filter(r -> moduleSide.includes(r.folderId())).toList();
        for (var runbook : runbooks) {
            runbookNames.add(runbook.name());
            for (RunbookSpec.Step step : runbook.spec().steps()) {
                if (step.module() != null) {
                    moduleNames.add(step.module());
                } else {
                    projectNames.add(step.project());
                }
            }
        }
        allProjects.values().stream().filter(p -> moduleSide.includes(p.folderId())).forEach(p -> projectNames.add(p.name()));
        for (String project : projectNames) {
            if (allProjects.containsKey(project)) {
                allProjects.get(project).spec().modules().forEach(e -> moduleNames.add(e.module()));
            }
        }
        allModules.values().stream().filter(m -> moduleSide.includes(m.folder())).forEach(m -> moduleNames.add(m.name()));
        for (String module : moduleNames) {
            if (allModules.containsKey(module)) {
                for (TaskSpec task : allModules.get(module).tasks()) {
                    if (task.resource() != null) {
                        resourceNames.add(task.resource().name());
                    }
                }
            }
        }
        allResources.values().stream().filter(r -> resourceSide.includes(r.folderId())).forEach(r -> resourceNames.add(r.name()));

        Set<String> moduleFolderPaths = new TreeSet<>(moduleSide.selectedPaths());
        Set<String> resourceFolderPaths = new TreeSet<>(resourceSide.selectedPaths());
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("steward_block", 1);
        block.put("exported_at", now.toString());

        long embedded = resourceNames.stream().map(allResources::get).filter(java.util.Objects::nonNull)
                .mapToLong(Resource::size).sum();
        if (embedded > MAX_EMBEDDED_BYTES) {
            throw new ApiException(413, "the block would embed " + embedded + " bytes of resource content; the limit is "
                    + MAX_EMBEDDED_BYTES + " bytes: export fewer folders (--folder) at a time", null);
        }
        List<Object> resourceEntries = new ArrayList<>();
        for (String name : resourceNames) {
            Resource r = allResources.get(name);
            if (r == null) {
                continue;
            }
            String folder = path(resourceFolders, r.folderId());
            addWithParents(resourceFolderPaths, folder);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", r.name());
            entry.put("folder", folder);
            entry.put("sha256", r.sha256());
            entry.put("size", r.size());
            entry.put("content_base64", base64(caller, r.name()));
            resourceEntries.add(entry);
        }
        List<Object> moduleEntries = new ArrayList<>();
        for (String name : moduleNames) {
            ModuleView m = allModules.get(name);
            if (m != null) {
                String folder = path(moduleFolders, m.folder());
                addWithParents(moduleFolderPaths, folder);
                moduleEntries.add(entry(folder, DefinitionFiles.module(m)));
            }
        }
        List<Object> projectEntries = new ArrayList<>();
        for (String name : projectNames) {
            var p = allProjects.get(name);
            if (p != null) {
                String folder = path(moduleFolders, p.folderId());
                addWithParents(moduleFolderPaths, folder);
                projectEntries.add(entry(folder, DefinitionFiles.project(p.spec())));
            }
        }
        List<Object> runbookEntries = new ArrayList<>();
        for (var r : runbooks) {
            String folder = path(moduleFolders, r.folderId());
            addWithParents(moduleFolderPaths, folder);
            runbookEntries.add(entry(folder, DefinitionFiles.runbook(r.spec())));
        }

        List<Object> trustEntries = new ArrayList<>();
        for (TrustService.TrustView trust : trusts.entries(tenant)) {
            if (!trust.targetKind().equals("team_folder")) {
                continue; // trusts naming teams or agents, and every agent-side trust, stay home
            }
            boolean held = switch (trust.holderKind()) {
                case "module" -> moduleNames.contains(trust.holder());
                case "resource" -> resourceNames.contains(trust.holder());
                case "module_folder" -> moduleFolderPaths.contains(trust.holder());
                case "resource_folder" -> resourceFolderPaths.contains(trust.holder());
                default -> false;
            };
            if (held) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("holder_kind", trust.holderKind());
                entry.put("holder", trust.holder());
                entry.put("target_kind", trust.targetKind());
                entry.put("target", trust.target());
                trustEntries.add(entry);
            }
        }
        moduleFolderPaths.remove("/");
        resourceFolderPaths.remove("/");
        Map<String, Object> folderEntries = new LinkedHashMap<>();
        folderEntries.put("module", new ArrayList<>(moduleFolderPaths));
        folderEntries.put("resource", new ArrayList<>(resourceFolderPaths));
        block.put("folders", folderEntries);
        block.put("resources", resourceEntries);
        block.put("modules", moduleEntries);
        block.put("projects", projectEntries);
        block.put("runbooks", runbookEntries);
        block.put("trusts", trustEntries);
        return block;
    }

    private static Map<String, Object> entry(String folder, Map<String, Object> definition) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("folder", folder);
        entry.put("definition", definition);
        return entry;
    }

    private String base64(dev.steward.server.identity.Principal caller, String name) {
        try (InputStream in = resources.content(caller, name)) {
            return Base64.getEncoder().encodeToString(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }

    private static String path(Map<String, Folder> byId, String folderId) {
        return folderId == null ? "/" : byId.get(folderId).path();
    }

    private static void addWithParents(Set<String> paths, String path) {
        for (String at = path; !at.equals("/"); at = at.substring(0, Math.max(1, at.lastIndexOf('/')))) {
            paths.add(at);
        }
    }

    /** Which folders of one tree the export covers: everything, or the named folders and what is inside them. */
    private static final class Selection {
        private final Map<String, Folder> byId;
        private final List<String> roots;

        Selection(Map<String, Folder> byId, List<String> paths) {
            this.byId = byId;
            this.roots = paths.stream().map(p -> FolderPath.normalize("folder", p)).toList();
        }

        boolean matched(String path) {
            return byId.values().stream().anyMatch(f -> f.path().equals(path));
        }

        boolean includes(String folderId) {
            if (roots.isEmpty()) {
                return true;
            }
            if (folderId == null) {
                return false;
            }
            String path = byId.get(folderId).path();
            return roots.stream().anyMatch(root -> path.equals(root) || path.startsWith(root + "/"));
        }

        List<String> selectedPaths() {
            List<String> paths = new ArrayList<>();
            for (Folder f : byId.values()) {
                if (includes(f.id())) {
                    paths.add(f.path());
                }
            }
            return paths;
        }
    }
}
