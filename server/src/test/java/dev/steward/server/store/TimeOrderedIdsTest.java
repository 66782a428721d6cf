package dev.steward.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void idsAreVersion7UuidsInCreationOrderAcrossMilliseconds() throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(TimeOrderedIds.next());
            Thread.sleep(2);
        }
        assertThat(ids).isSorted();
        for (String id : ids) {
            assertThat(UUID.fromString(id).version()).isEqualTo(7);
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        }
    }

    @Test
    void aBurstOfIdsHasNoDuplicatesAndSharesItsLeadingTime() {
        List<String> burst = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            burst.add(TimeOrderedIds.next());
        }
        assertThat(new HashSet<>(burst)).hasSize(burst.size());
        // Neighbours in a B-tree: a burst made within a second or so shares its first 8 hex digits (65 s of time).
        long prefixes = burst.stream().map(id -> id.substring(0, 8)).distinct().count();
        assertThat(prefixes).isLessThanOrEqualTo(2);
    }
}
