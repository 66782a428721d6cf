package dev.steward.server.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.steward.protocol.RunResult;
import dev.steward.protocol.Wire;
import dev.steward.server.fleet.CheckInRow;
import dev.steward.server.job.RunReports;
import dev.steward.server.store.RedoJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The redo journal's record of a group of agent batches: JSON in the wire dialect, one object per group.
 * Version 1. A journal can outlive the release that wrote it (a crash, then an upgrade), so a change here
 * adds fields or a new version, and keeps reading version 1.
 */
final class AgentWritesCodec implements RedoJournal.Codec<AgentWrites> {
    static final int FORMAT = 1;

    record Group(int format, List<Entry> writes) {
    }

    record Entry(String agentId, String tenantId, CheckInRow checkIn, Instant contact, List<String> accepted,
            List<String> started, List<RunResult> finished, List<AgentWrites.InventoryReport> inventory) {
    }

    @Override
    public byte[] encode(List<AgentWrites> group) {
        List<Entry> entries = group.stream().map(w -> new Entry(w.agentId(), w.tenantId(), w.checkIn(), w.contact(),
                w.runs().accepted(), w.runs().started(), w.runs().finished(), w.inventory())).toList();
        try {
            return Wire.json().writeValueAsBytes(new Group(FORMAT, entries));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode agent input for the redo journal", e);
        }
    }

    @Override
    public List<AgentWrites> decode(byte[] record) {
        Group group;
        try {
            group = Wire.json().readValue(record, Group.class);
        } catch (IOException e) {
            throw new UncheckedIOException("a redo journal record is not agent input of format " + FORMAT, e);
        }
        if (group.format() != FORMAT) {
            throw new IllegalStateException("redo journal record of format " + group.format() + "; this release reads "
                    + FORMAT);
        }
        return group.writes().stream().map(e -> new AgentWrites(e.agentId(), e.tenantId(), e.checkIn(), e.contact(),
                new RunReports(e.agentId(), e.accepted(), e.started(), e.finished()), e.inventory())).toList();
    }
}
