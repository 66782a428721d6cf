package dev.steward.bench;

import java.util.Arrays;

/** Batch round-trip times in microseconds since the last mark; summarised on request. Thread-safe. */
final class Latencies {
    private long[] values = new long[1 << 16];
    private int size;

    synchronized void record(long micros) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = micros;
    }

    synchronized void mark() {
        size = 0;
    }

    /** {@code latency count=N p50_ms=.. p99_ms=.. max_ms=..} over everything since the last mark. */
    synchronized String summary() {
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return "latency count=" + size + " p50_ms=" + ms(Percentiles.of(sorted, 50)) + " p99_ms="
                + ms(Percentiles.of(sorted, 99)) + " max_ms=" + ms(size == 0 ? 0 : sorted[size - 1]);
    }

    private static String ms(long micros) {
        return String.format(java.util.Locale.ROOT, "%.1f", micros / 1000.0);
    }
}
