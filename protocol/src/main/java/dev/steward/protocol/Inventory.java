package dev.steward.protocol;

import java.time.Instant;
import java.util.List;

/** What an agent reports about its endpoint. Untrusted on arrival: the server caps and clips every field. */
public record Inventory(
        String hostname,
        String osName,
        String osVersion,
        String kernel,
        int cpuCount,
        long memoryBytes,
        List<Disk> disks,
        List<NetworkInterface> interfaces,
        String agentVersion,
        long uptimeSeconds,
        Instant collectedAt) {

    public Inventory {
        disks = disks == null ? List.of() : List.copyOf(disks);
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    }

    public record Disk(String mount, String type, long totalBytes, long freeBytes) {
    }

    public record NetworkInterface(String name, String mac, List<String> addresses, boolean up) {
        public NetworkInterface {
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
        }
    }
}
