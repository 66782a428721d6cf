package dev.steward.server.store;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * Ids for rows written in bursts and updated together later: jobs, their runs, agents (enrolled in waves).
 * UUID version 7 (RFC 9562): the creation time leads, so the rows created together are neighbours in every
 * B-tree keyed by id. With random (version 4) ids, a group commit of 500 results dirtied about 500 leaf pages
 * of {@code runs} and as many of {@code task_results}, each written out in full at every durable commit (H2
 * copies pages on write; PostgreSQL writes each page in full after a checkpoint); time-ordered, they touch a
 * few pages. Still a UUID, so agents and clients that check the format are unaffected.
 */
public final class TimeOrderedIds {
    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private TimeOrderedIds() {
    }

    public static String next() {
        return GENERATOR.generate().toString();
    }
}
