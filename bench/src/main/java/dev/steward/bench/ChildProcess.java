package dev.steward.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A JVM the driver started (server, bare server or simulator). Its output goes to a log file, each line
 * also to an optional listener; it is killed when the benchmark ends, whatever happens.
 */
class ChildProcess implements AutoCloseable {
    final String label;
    final Process process;
    final Path log;
    private final PrintWriter stdin;

    ChildProcess(String label, List<String> command, Map<String, String> env, Path log) {
        this.label = label;
        this.log = log;
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            this.process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + label + ": " + command, e);
        }
        this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** Starts copying the output to the log (and each line to {@code lines}, if given); call once. */
    final void readOutput(Consumer<String> lines) {
        Thread reader = new Thread(() -> pump(lines), label + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    private void pump(Consumer<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (lines != null) {
                    lines.accept(line);
                }
                if (lines == null || !line.startsWith("done ")) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                }
            }
        } catch (IOException e) {
            // The process ended.
        }
    }

    long pid() {
        return process.pid();
    }

    void send(String command) {
        stdin.println(command);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Stops the process: SIGTERM, then SIGKILL after the grace period. */
    void stop(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(10));
        }
    }
}
