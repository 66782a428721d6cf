package dev.steward.agent.inventory;

import dev.steward.agent.AgentVersion;
import dev.steward.agent.identity.Host;
import dev.steward.protocol.Inventory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.FileStore;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Collects the basic inventory of this endpoint from the JDK and /proc, without running commands: cheap
 * enough to do at every start, periodically, and whenever the server asks.
 */
public final class InventoryCollector {
    /** Pseudo and virtual file systems that say nothing about the machine's storage. */
    private static final Set<String> SKIPPED_FILE_SYSTEMS = Set.of("proc", "sysfs", "devtmpfs", "devpts", "tmpfs",
            "cgroup", "cgroup2", "securityfs", "pstore", "debugfs", "tracefs", "mqueue", "hugetlbfs", "configfs",
            "fusectl", "bpf", "autofs", "binfmt_misc", "rpc_pipefs", "nsfs", "overlay", "squashfs", "ramfs", "efivarfs");
    private static final int MAX_DISKS = 64;
    private static final int MAX_INTERFACES = 64;

    private InventoryCollector() {
    }

    public static Inventory collect() {
        Map<String, String> osRelease = osRelease();
        return new Inventory(
                Host.name(),
                osRelease.getOrDefault("NAME", System.getProperty("os.name")),
                osRelease.getOrDefault("VERSION_ID", osRelease.getOrDefault("VERSION", "")),
                readFirstLine(Path.of("/proc/sys/kernel/osrelease")).orElse(System.getProperty("os.version")),
                Runtime.getRuntime().availableProcessors(),
                memoryBytes(),
                disks(),
                interfaces(),
                AgentVersion.current(),
                uptimeSeconds(),
                Instant.now());
    }

    private static Map<String, String> osRelease() {
        try {
            return Files.readAllLines(Path.of("/etc/os-release")).stream()
                    .filter(line -> line.contains("=") && !line.startsWith("#"))
                    .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')),
                            line -> line.substring(line.indexOf('=') + 1).replaceAll("^\"|\"$", ""), (a, b) -> a));
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static long memoryBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through: not Linux, or an unexpected format
        }
        return Runtime.getRuntime().maxMemory();
    }

    private static long uptimeSeconds() {
        return readFirstLine(Path.of("/proc/uptime"))
                .map(line -> (long) Double.parseDouble(line.split("\\s+")[0]))
                .orElse(0L);
    }

    private static List<Inventory.Disk> disks() {
        List<Inventory.Disk> disks = new ArrayList<>();
        for (FileStore store : FileSystems.getDefault().getFileStores()) {
            if (SKIPPED_FILE_SYSTEMS.contains(store.type()) || disks.size() >= MAX_DISKS) {
                continue;
            }
            try {
                String text = store.toString();
                String mount = text.contains(" (") ? text.substring(0, text.lastIndexOf(" (")) : text;
                disks.add(new Inventory.Disk(mount, store.type(), store.getTotalSpace(), store.getUsableSpace()));
            } catch (IOException e) {
                // unreadable mount (permissions, stale network share): skip it
            }
        }
        return disks;
    }

    private static List<Inventory.NetworkInterface> interfaces() {
        List<Inventory.NetworkInterface> result = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (result.size() >= MAX_INTERFACES) {
                    break;
                }
                byte[] mac = nic.getHardwareAddress();
                List<String> addresses = Collections.list(nic.getInetAddresses()).stream()
                        .map(InetAddress::getHostAddress).map(a -> a.replaceAll("%.*$", "")).sorted().toList();
                result.add(new Inventory.NetworkInterface(nic.getName(),
                        mac == null ? null : HexFormat.ofDelimiter(":").formatHex(mac), addresses, nic.isUp()));
            }
        } catch (SocketException e) {
            // no interfaces readable: report none
        }
        result.sort((a, b) -> a.name().compareTo(b.name()));
        return result;
    }

    private static Optional<String> readFirstLine(Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst().map(String::trim);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
