package dev.steward.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A simulator process as the driver sees it: its latest counters and the results it saw stored. */
final class SimProcess extends ChildProcess {
    private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\S+)");

    private volatile Map<String, Long> stat = Map.of();
    private volatile String latency;
    /** Run id → epoch millis at which the server acknowledged its result. */
    final Map<String, Long> stored = new ConcurrentHashMap<>();

    private SimProcess(String label, List<String> command, Path log) {
        super(label, command, Map.of(), log);
    }

    static SimProcess start(String label, List<String> command, Path log) {
        SimProcess sim = new SimProcess(label, command, log);
        sim.readOutput(sim::line);
        return sim;
    }

    void line(String line) {
        if (line.startsWith("done ")) {
            String[] f = line.split(" ");
            stored.putIfAbsent(f[1], Long.parseLong(f[2]));
        } else if (line.startsWith("stat ")) {
            Map<String, Long> values = new java.util.HashMap<>();
            Matcher m = FIELD.matcher(line);
            while (m.find()) {
                values.put(m.group(1), Long.parseLong(m.group(2)));
            }
            stat = values;
        } else if (line.startsWith("latency ")) {
            latency = line;
        }
    }

    long counter(String name) {
        return stat.getOrDefault(name, 0L);
    }

    /** Asks for the latency summary since the last mark and waits for it. */
    String latency(Duration timeout) throws TimeoutException, InterruptedException {
        latency = null;
        send("report");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (latency == null) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(label + " did not report its latencies");
            }
            Thread.sleep(50);
        }
        return latency;
    }
}
