package dev.steward.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resident memory, CPU time and live heap of a process, read from /proc and jcmd. */
final class ProcStats {
    /** USER_HZ: /proc reports CPU time in these ticks; 100 on Linux x86_64 and arm64. */
    private static final int TICKS_PER_SECOND = 100;
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private ProcStats() {
    }

    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            throw new IllegalStateException("no VmRSS for process " + pid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** User + system CPU time consumed so far, in milliseconds. */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command: state(0) ... utime is field 14 and stime 15 of the whole line (1-based).
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 1000 / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int openFiles(long pid) {
        try (var files = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) files.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Runs a full GC in the process, then returns the live heap in bytes (jcmd GC.heap_info). */
    static long liveHeapAfterGc(long pid) {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("cannot read the heap size from jcmd: " + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** The largest classes on the heap (jcmd GC.class_histogram), for explaining the memory figures. */
    static String histogram(long pid, int lines) {
        return String.join("\n", jcmd(pid, "GC.class_histogram").lines().limit(lines + 3).toList());
    }

    private static String jcmd(long pid, String command) {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            Process p = new ProcessBuilder(List.of(jcmd, Long.toString(pid), command)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
