package dev.steward.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.protocol.Inventory;
import dev.steward.protocol.RunResult;
import dev.steward.protocol.RunStatus;
import dev.steward.protocol.TaskResult;
import dev.steward.protocol.TaskStatus;
import dev.steward.server.fleet.CheckInRow;
import dev.steward.server.job.RunReports;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentWritesCodecTest {
    private static final Instant T = Instant.parse("2026-12-03T10:15:30.123456Z");
    private final AgentWritesCodec codec = new AgentWritesCodec();

    @Test
    void aGroupComesBackAsItWasWritten() {
        AgentWrites checkIn = new AgentWrites("a1", "t1", new CheckInRow("a1", T, "host-1", "linux", "0.1.0", 60), null,
                new RunReports("a1", List.of("r1"), List.of("r1", "r2"), List.of()), List.of());
        RunResult result = new RunResult("r3", RunStatus.FAILED, List.of(
                new TaskResult("step \"1\"", TaskStatus.FAILED, 2, "out\nwith ünïcode\u0000", null, T, T.plusSeconds(1))),
                T, T.plusSeconds(2), "exit 2");
        Inventory inventory = new Inventory("host-2", "Debian", "13", "6.1", 4, 8L << 30,
                List.of(new Inventory.Disk("/", "ext4", 100, 50)),
                List.of(new Inventory.NetworkInterface("eth0", "00:11:22:33:44:55", List.of("10.0.0.2/24"), true)),
                "0.1.0", 3600, T);
        AgentWrites finished = new AgentWrites("a2", "t2", null, T, new RunReports("a2", List.of(), List.of(),
                List.of(result)), List.of(new AgentWrites.InventoryReport("req-1", inventory)));

        List<AgentWrites> decoded = codec.decode(codec.encode(List.of(checkIn, finished)));

        assertThat(decoded).containsExactly(checkIn, finished);
    }

    @Test
    void aRecordOfAnotherFormatIsRefusedWithItsVersion() {
        byte[] future = "{\"format\":2,\"writes\":[]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> codec.decode(future)).hasMessageContaining("format 2").hasMessageContaining("reads 1");
    }
}
