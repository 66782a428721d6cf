package dev.steward.agent.exec;

import dev.steward.protocol.ProtocolLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Drains one output stream of a child process on its own virtual thread, keeping at most
 * {@code limit} bytes. Draining continues past the limit and discards the rest: a child whose pipe
 * is not read blocks once the pipe buffer is full, and reading stdout and stderr concurrently is
 * what keeps a chatty child from deadlocking against us.
 */
final class OutputCapture {

    private static final int CHUNK = 8192;

    private final int limit;
    private final Thread reader;
    private final Object lock = new Object();
    private byte[] kept = new byte[0]; // guarded by lock
    private int keptLength;            // guarded by lock
    private boolean truncated;         // guarded by lock

    private final java.util.function.Consumer<String> live;

    private OutputCapture(String name, InputStream in, int limit, java.util.function.Consumer<String> live) {
        this.limit = limit;
        this.live = live;
        this.reader = Thread.ofVirtual().name(name).unstarted(() -> pump(in));
    }

    static OutputCapture start(String name, InputStream in, int limit) {
        return start(name, in, limit, text -> { });
    }

    /** {@code live} sees each chunk that is kept (decoded as it arrives; the captured text is exact). */
    static OutputCapture start(String name, InputStream in, int limit, java.util.function.Consumer<String> live) {
        OutputCapture capture = new OutputCapture(name, in, limit, live);
        capture.reader.start();
        return capture;
    }

    /**
     * Waits for end of stream, at most {@code max}. The wait is bounded because a descendant that
     * escaped the tree kill (or a daemon the task legitimately started) can hold the pipe open
     * forever; the runner then reports what was read so far and abandons the reader.
     *
     * @return true if the whole stream was read
     */
    boolean awaitEnd(Duration max) {
        try {
            return reader.join(max);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What was captured so far, decoded as UTF-8, with the truncation marker if bytes were dropped. */
    String text() {
        synchronized (lock) {
            if (!truncated) {
                return new String(kept, 0, keptLength, StandardCharsets.UTF_8);
            }
            int clean = Utf8.completePrefixLength(kept, keptLength);
            return new String(kept, 0, clean, StandardCharsets.UTF_8)
                    + String.format(ProtocolLimits.TRUNCATION_MARKER, limit);
        }
    }

    private void pump(InputStream in) {
        byte[] chunk = new byte[CHUNK];
        try (in) {
            int n;
            while ((n = in.read(chunk)) != -1) {
                append(chunk, n);
            }
        } catch (IOException e) {
            // The stream was closed under us (process torn down); keep what was read.
        }
    }

    private void append(byte[] chunk, int n) {
        synchronized (lock) {
            int room = limit - keptLength;
            int take = Math.min(room, n);
            if (take > 0) {
                ensureCapacity(keptLength + take);
                System.arraycopy(chunk, 0, kept, keptLength, take);
                keptLength += take;
                try {
                    live.accept(new String(chunk, 0, take, StandardCharsets.UTF_8));
                } catch (RuntimeException e) {
                    // A listener's trouble must never cost the capture.
                }
            }
            if (take < n) {
                truncated = true;
            }
        }
    }

    /** Grows geometrically up to the limit, so small outputs stay small and large ones copy rarely. */
    private void ensureCapacity(int needed) {
        if (needed > kept.length) {
            int grown = Math.max(needed, Math.max(CHUNK, kept.length * 2));
            kept = Arrays.copyOf(kept, Math.min(grown, limit));
        }
    }
}
