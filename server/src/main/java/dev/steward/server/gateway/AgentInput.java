package dev.steward.server.gateway;

import dev.steward.protocol.AgentMessage;
import dev.steward.protocol.Inventory;
import dev.steward.protocol.ProtocolLimits;
import dev.steward.protocol.RunResult;
import dev.steward.protocol.TaskResult;
import dev.steward.server.http.ApiException;
import dev.steward.server.http.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Everything an agent sends is untrusted. This checks shapes and sizes and makes text storable: a
 * malformed message is refused with the path of the bad field; labels are clipped and output is capped.
 */
final class AgentInput {
    private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Generous over the agent's own cap, which includes a truncation marker. */
    static final int MAX_STREAM_CHARS = 2 * ProtocolLimits.DEFAULT_OUTPUT_LIMIT_BYTES;
    static final int MAX_TASKS = 200;
    static final int MAX_INVENTORY_ITEMS = 64;
    static final int MAX_LIVE_TEXT = 64 * 1024;

    private AgentInput() {
    }

    static String runId(String value, String path) {
        if (value == null || !RUN_ID.matcher(value).matches()) {
            throw ApiException.badRequest(path, path + ": expected a run id (UUID), got '" + Printable.clip(value, 40) + "'");
        }
        return value;
    }

    static AgentMessage.CheckIn checkIn(AgentMessage.CheckIn in, String path) {
        if (in.pollIntervalSeconds() < 1 || in.pollIntervalSeconds() > 86_400) {
            throw ApiException.badRequest(path + ".poll_interval_seconds",
                    path + ".poll_interval_seconds: expected 1 to 86400");
        }
        return new AgentMessage.CheckIn(label(in.agentVersion(), 63), label(in.hostname(), 254), label(in.os(), 254),
                in.pollIntervalSeconds(), label(in.settingsHash(), 64));
    }

    static RunResult result(RunResult in, String path) {
        if (in == null) {
            throw ApiException.badRequest(path, path + ": is required");
        }
        runId(in.runId(), path + ".run_id");
        if (in.status() == null || !in.status().isTerminal() || in.status() == dev.steward.protocol.RunStatus.SKIPPED) {
            throw ApiException.badRequest(path + ".status", path + ".status: a finished run must be succeeded, "
                    + "failed, timed_out or cancelled");
        }
        if (in.tasks().size() > MAX_TASKS) {
            throw ApiException.badRequest(path + ".tasks", path + ".tasks: at most " + MAX_TASKS + " tasks");
        }
        List<TaskResult> tasks = new ArrayList<>();
        for (int i = 0; i < in.tasks().size(); i++) {
            TaskResult task = in.tasks().get(i);
            String taskPath = path + ".tasks[" + i + "]";
            if (task == null || task.status() == null || task.name() == null) {
                throw ApiException.badRequest(taskPath, taskPath + ": 'name' and 'status' are required");
            }
            tasks.add(new TaskResult(label(task.name(), 128), task.status(), task.exitCode(), stream(task.stdout()),
                    stream(task.stderr()), time(task.startedAt()), time(task.finishedAt())));
        }
        return new RunResult(in.runId(), in.status(), tasks, time(in.startedAt()), time(in.finishedAt()),
                label(in.error(), 1024));
    }

    /** Earliest and latest agent-reported time kept as is; both datastores store anything in between. */
    private static final java.time.Instant EARLIEST = java.time.Instant.parse("2000-01-01T00:00:00Z");
    private static final java.time.Instant LATEST = java.time.Instant.parse("2999-12-31T23:59:59Z");

    /**
     * An agent's clock is not trusted to be sane: a time outside 2000–2999 becomes "unknown" (null)
     * rather than a value one datastore refuses, which would fail the batch on every retry.
     */
    static java.time.Instant time(java.time.Instant reported) {
        return reported == null || reported.isBefore(EARLIEST) || reported.isAfter(LATEST) ? null : reported;
    }

    static String requestId(String value, String path) {
        return value == null ? null : runId(value, path);
    }

    /** Clips every string and caps every list, so an inventory is small and printable whatever the agent sends. */
    static Inventory inventory(Inventory in, String path) {
        if (in == null) {
            throw ApiException.badRequest(path, path + ": is required");
        }
        List<Inventory.Disk> disks = in.disks().stream().limit(MAX_INVENTORY_ITEMS).filter(java.util.Objects::nonNull)
                .map(d -> new Inventory.Disk(label(d.mount(), 255), label(d.type(), 64), d.totalBytes(), d.freeBytes()))
                .toList();
        List<Inventory.NetworkInterface> interfaces = in.interfaces().stream().limit(MAX_INVENTORY_ITEMS)
                .filter(java.util.Objects::nonNull)
                .map(n -> new Inventory.NetworkInterface(label(n.name(), 64), label(n.mac(), 64),
                        n.addresses().stream().limit(MAX_INVENTORY_ITEMS).map(a -> label(a, 64)).toList(), n.up()))
                .toList();
        return new Inventory(label(in.hostname(), 255), label(in.osName(), 128), label(in.osVersion(), 128),
                label(in.kernel(), 128), Math.max(0, in.cpuCount()), Math.max(0, in.memoryBytes()), disks, interfaces,
                label(in.agentVersion(), 64), Math.max(0, in.uptimeSeconds()), in.collectedAt());
    }

    /** One piece of live output, capped: followers get a taste, the stored result has it all. */
    static String liveText(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > MAX_LIVE_TEXT ? text.substring(0, MAX_LIVE_TEXT) + "\n[steward: live output cut]\n" : text;
    }

    static String label(String value, int max) {
        return Printable.clipNullable(value, max);
    }

    private static String stream(String value) {
        if (value == null) {
            return "";
        }
        if (value.length() > MAX_STREAM_CHARS) {
            return value.substring(0, MAX_STREAM_CHARS) + "\n[steward: output cut by the server]\n";
        }
        return value;
    }
}
