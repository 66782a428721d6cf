package dev.steward.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark's findings as Markdown: the command, the machine and JVM, notes and result rows.
 * Printed as it goes and written to {@code RUN_DIR/report.md}; BENCHMARKS.md quotes these files.
 */
final class Report {
    private final Path file;
    private final List<String> lines = new ArrayList<>();

    Report(Path file, String title, String command) {
        this.file = file;
        add("## " + title);
        add("");
        add("- Command: `" + command + "`");
        add("- When: " + Instant.now());
        add("- Machine: " + Runtime.getRuntime().availableProcessors() + " CPUs (" + cpuModel() + "), "
                + memTotal() + " RAM, open-files limit " + openFilesLimit());
        add("- JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        add("- Commit: " + gitCommit(file));
        add("");
    }

    void note(String text) {
        add("- " + text);
    }

    void line(String text) {
        add(text);
    }

    private void add(String line) {
        lines.add(line);
        System.out.println(line);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String kb(double bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1024);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.replaceFirst("model name\\s*:\\s*", "")).orElse("unknown model");
        } catch (IOException e) {
            return "unknown model";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) / (1024 * 1024) + " GiB").orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String openFilesLimit() {
        try {
            return Files.readAllLines(Path.of("/proc/self/limits")).stream().filter(l -> l.startsWith("Max open files"))
                    .findFirst().map(l -> l.replaceAll("Max open files\\s+(\\d+).*", "$1")).orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String gitCommit(Path file) {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            Process dirty = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").start();
            boolean modified = !new String(dirty.getInputStream().readAllBytes()).isBlank();
            dirty.waitFor();
            return out + (modified ? " (with uncommitted changes)" : "");
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
