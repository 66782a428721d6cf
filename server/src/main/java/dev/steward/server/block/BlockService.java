package dev.steward.server.block;

import dev.steward.server.catalog.CompositeService;
import dev.steward.server.catalog.DefinitionFiles;
import dev.steward.server.catalog.ModuleService;
import dev.steward.server.folder.FolderService;
import dev.steward.server.identity.Permission;
import dev.steward.server.identity.Principal;
import dev.steward.server.resource.ResourceService;
import dev.steward.server.trust.TrustService;
import java.time.Clock;
import java.util.List;

/** Building blocks: export part of a tenant's catalog as one YAML file, import one into the caller's tenant. */
public final class BlockService {
    private final BlockExport exporter;
    private final BlockImport importer;
    private final Clock clock;

    public BlockService(FolderService folders, ModuleService modules, CompositeService composites, ResourceService resources,
            TrustService trusts, Clock clock) {
        this.exporter = new BlockExport(folders, modules, composites, resources, trusts);
        this.importer = new BlockImport(folders, modules, composites, resources, trusts);
        this.clock = clock;
    }

    /** The block as YAML; {@code folders} empty means the whole module and resource catalog. */
    public String export(Principal caller, List<String> folders) {
        caller.require(Permission.VIEW);
        return DefinitionFiles.yaml(exporter.export(caller, folders, clock.instant()));
    }

    public ImportReport importBlock(Principal caller, String yaml) {
        caller.require(Permission.MANAGE_MODULES);
        return importer.importBlock(caller, yaml);
    }
}
