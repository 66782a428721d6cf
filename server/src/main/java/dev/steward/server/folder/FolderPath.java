package dev.steward.server.folder;

import dev.steward.server.http.ApiException;
import dev.steward.server.http.Names;
import dev.steward.server.http.Printable;
import java.util.ArrayList;
import java.util.List;

/**
 * Folder paths as people type them: {@code /Customers/Acme} (a leading slash is optional, a trailing one
 * ignored). Each segment follows the one naming rule; {@code /} alone is the root.
 */
public final class FolderPath {
    static final int MAX_DEPTH = 16;

    private FolderPath() {
    }

    /** The segments of a path; empty for the root. */
    public static List<String> segments(String field, String path) {
        if (path == null || path.isBlank()) {
            throw ApiException.badRequest(field, field + ": is required, e.g. /Customers/Acme");
        }
        List<String> segments = new ArrayList<>();
        for (String part : path.trim().split("/", -1)) {
            if (!part.isEmpty()) {
                segments.add(Names.require(field, part));
            }
        }
        if (path.contains("//")) {
            throw ApiException.badRequest(field, field + ": empty folder name in '" + Printable.clip(path, 200) + "'");
        }
        if (segments.size() > MAX_DEPTH) {
            throw ApiException.badRequest(field, field + ": at most " + MAX_DEPTH + " levels of folders");
        }
        return segments;
    }

    public static String normalize(String field, String path) {
        return join(segments(field, path));
    }

    static String join(List<String> segments) {
        return "/" + String.join("/", segments);
    }

    static String child(String parentPath, String name) {
        return parentPath.equals("/") ? "/" + name : parentPath + "/" + name;
    }
}
