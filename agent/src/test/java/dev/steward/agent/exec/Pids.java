package dev.steward.agent.exec;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds pids a task printed, and checks or cleans up those processes. */
final class Pids {

    private static final Pattern PID = Pattern.compile("(?m)^(\\d+)$");

    private Pids() {
    }

    static long firstPid(String output) {
        Matcher m = PID.matcher(output);
        if (!m.find()) {
            throw new AssertionError("no pid line in output: " + output);
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * Running, as opposed to gone or a zombie. A killed grandchild is re-parented to init and stays
     * a zombie until init reaps it, which some container inits do late or never; the JDK counts
     * zombies as alive, but a zombie has been killed, which is what the tests assert.
     */
    static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid);
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Format: "pid (comm) state ..."; comm may contain spaces or parentheses, so split after the last ')'.
            return stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
        } catch (IOException e) {
            return false; // gone (or no procfs): ProcessHandle already answered
        }
    }

    static void awaitDead(long pid) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> !isAlive(pid));
    }

    /** Test hygiene: never leave a stray sleep behind, whatever the assertions said. */
    static void killQuietly(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
}
