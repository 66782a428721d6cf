package dev.steward.protocol;

/**
 * A resource (a file in the catalog) a task uses. In a stored module only {@code name} is set; when the
 * server offers the run it resolves the name to the content's SHA-256 and size, which the agent uses to
 * fetch it from {@link AgentPaths#RESOURCES} (or its cache) and to verify what it got.
 */
public record ResourceRef(String name, String sha256, Long size) {
    public static ResourceRef named(String name) {
        return new ResourceRef(name, null, null);
    }

    public boolean resolved() {
        return sha256 != null && size != null;
    }
}
