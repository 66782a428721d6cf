package dev.steward.server.block;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What an import did, per kind: created, updated, unchanged; and what it skipped, with why. */
public record ImportReport(Map<String, Integer> created, Map<String, Integer> updated, Map<String, Integer> unchanged,
        List<String> skipped) {

    static ImportReport empty() {
        return new ImportReport(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new ArrayList<>());
    }

    void count(Map<String, Integer> bucket, String kind) {
        bucket.merge(kind, 1, Integer::sum);
    }
}
