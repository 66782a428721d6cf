package dev.steward.server.folder;

import dev.steward.server.http.ApiException;
import dev.steward.server.http.Printable;
import dev.steward.server.identity.Permission;
import java.util.Locale;

/** The three folder trees of a tenant: teams, modules (with projects and run books), resources. */
public enum FolderKind {
    TEAM(Permission.MANAGE_AGENTS), MODULE(Permission.MANAGE_MODULES), RESOURCE(Permission.MANAGE_MODULES);

    private final Permission manage;

    FolderKind(Permission manage) {
        this.manage = manage;
    }

    /** What a caller needs to change folders of this kind. */
    public Permission managePermission() {
        return manage;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FolderKind parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest(field, field + ": is required: team, module or resource");
        }
        for (FolderKind kind : values()) {
            if (kind.wireName().equals(text)) {
                return kind;
            }
        }
        throw ApiException.badRequest(field, field + ": expected team, module or resource, got '"
                + Printable.clip(text, 40) + "'");
    }
}
