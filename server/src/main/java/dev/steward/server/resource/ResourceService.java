package dev.steward.server.resource;

import dev.steward.server.folder.FolderKind;
import dev.steward.server.folder.FolderService;
import dev.steward.server.http.ApiException;
import dev.steward.server.http.Names;
import dev.steward.server.identity.Permission;
import dev.steward.server.identity.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Resources of the caller's tenant. Uploading under an existing name replaces its content (the old bytes
 * stay on disk for runs already offered); the folder is kept unless a new one is given.
 */
public final class ResourceService {
    private final ResourceStore store;
    private final ResourceBlobs blobs;
    private final FolderService folders;
    private final ResourceRemovalListener removals;
    private final long maxBytes;
    private final Clock clock;

    public ResourceService(ResourceStore store, ResourceBlobs blobs, FolderService folders, ResourceRemovalListener removals,
            long maxBytes, Clock clock) {
        this.store = store;
        this.blobs = blobs;
        this.folders = folders;
        this.removals = removals;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /** Where an upload's bytes come from; opened only once the request was found acceptable. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    /**
     * Stores the content once by hash and records (or updates) the named resource. Permission, name, folder
     * and declared size are checked before the body is opened, so a refused upload is answered before the
     * client sends it (with {@code Expect: 100-continue}).
     */
    public ResourceView upload(Principal caller, String name, String folderPath, long declaredLength, Content body)
            throws IOException {
        caller.require(Permission.MANAGE_MODULES);
        Names.require("name", name);
        if (declaredLength > maxBytes) {
            throw new ApiException(413, "the resource is " + declaredLength + " bytes; this server's limit is " + maxBytes
                    + " bytes (server option --resource-max-size)", null);
        }
        String folderId = folderPath == null ? null : folders.idOf(caller.tenantId(), FolderKind.RESOURCE, folderPath);
        ResourceBlobs.Stored stored;
        try (InputStream content = body.open()) {
            stored = blobs.store(content, maxBytes);
        }
        Instant now = clock.instant();
        Optional<Resource> existing = store.byName(caller.tenantId(), name);
        if (existing.isPresent()) {
            store.replaceContent(caller.tenantId(), existing.get().id(), stored.sha256(), stored.size(), now);
            if (folderPath != null) {
                store.move(caller.tenantId(), existing.get().id(), folderId);
            }
        } else {
            store.insert(caller.tenantId(), new Resource(UUID.randomUUID().toString(), name, folderId, stored.sha256(),
                    stored.size(), now, now), caller.tokenId());
        }
        return show(caller, name);
    }

    public List<ResourceView> list(Principal caller) {
        caller.require(Permission.VIEW);
        return store.all(caller.tenantId()).stream().map(r -> view(caller.tenantId(), r)).toList();
    }

    public ResourceView show(Principal caller, String name) {
        caller.require(Permission.VIEW);
        return view(caller.tenantId(), find(caller.tenantId(), name));
    }

    public ResourceView move(Principal caller, String name, String folderPath) {
        caller.require(Permission.MANAGE_MODULES);
        Resource resource = find(caller.tenantId(), name);
        store.move(caller.tenantId(), resource.id(), folders.idOf(caller.tenantId(), FolderKind.RESOURCE,
                folderPath == null ? "/" : folderPath));
        return show(caller, name);
    }

    public void delete(Principal caller, String name) {
        caller.require(Permission.MANAGE_MODULES);
        Resource resource = find(caller.tenantId(), name);
        removals.resourceRemoved(caller.tenantId(), resource.id());
        store.delete(caller.tenantId(), resource.id());
    }

    /** The content of a resource of the caller's tenant (for exports). */
    public InputStream content(Principal caller, String name) throws IOException {
        caller.require(Permission.VIEW);
        return blobs.open(find(caller.tenantId(), name).sha256());
    }

    // ---- for other capabilities ----

    public Optional<Resource> byName(String tenantId, String name) {
        return store.byName(tenantId, name);
    }

    public List<Resource> all(String tenantId) {
        return store.all(tenantId);
    }

    /** The stored bytes of a hash, for an agent already authorized to fetch them. */
    public InputStream open(String sha256) throws IOException {
        return blobs.open(sha256);
    }

    private Resource find(String tenantId, String name) {
        return store.byName(tenantId, name).orElseThrow(() -> ApiException.notFound("no resource named '" + name
                + "' in this tenant; upload it with 'steward resources upload FILE --name " + name + "'"));
    }

    private ResourceView view(String tenantId, Resource r) {
        return new ResourceView(r.id(), r.name(), folders.pathOf(tenantId, FolderKind.RESOURCE, r.folderId()).orElse("/"),
                r.sha256(), r.size(), r.createdAt(), r.updatedAt());
    }
}
