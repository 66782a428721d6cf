package dev.steward.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitLogTest {
    @TempDir
    Path dir;

    @Test
    void recordsComeBackInOrderAfterReopening() {
        Path file = dir.resolve("log");
        try (CommitLog log = CommitLog.open(file)) {
            assertThat(log.recover()).isEmpty();
            log.append(bytes("one"));
            log.append(bytes(""));
            log.append(bytes("three"));
        }
        try (CommitLog log = CommitLog.open(file)) {
            assertThat(log.recover()).extracting(CommitLogTest::text).containsExactly("one", "", "three");
            log.append(bytes("four"));
        }
        try (CommitLog log = CommitLog.open(file)) {
            assertThat(log.recover()).extracting(CommitLogTest::text).containsExactly("one", "", "three", "four");
        }
    }

    @Test
    void aRecordTornByACrashIsDroppedWithEverythingAfterIt() throws IOException {
        Path file = dir.resolve("log");
        try (CommitLog log = CommitLog.open(file)) {
            log.recover();
            log.append(bytes("kept"));
            log.append(bytes("torn in half"));
        }
        long full = Files.size(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(full - 5);
        }
        try (CommitLog log = CommitLog.open(file)) {
            assertThat(log.recover()).extracting(CommitLogTest::text).containsExactly("kept");
            log.append(bytes("after"));
        }
        try (CommitLog log = CommitLog.open(file)) {
            assertThat(log.recover()).extracting(CommitLogTest::text).containsExactly("kept", "after");
        }
    }

    @Test
    void aRecordWhoseBytesDoNotMatchItsChecksumEndsTheLog() throws IOException {
        Path file = dir.resolve("log");
        try (CommitLog log = CommitLog.open(file)) {
            log.recover();
            log.append(bytes("good"));
            log.append(bytes("flipped"));
            log.append(bytes("after the damage"));
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {'X'}), 8 + 4 + 8 + 2); // a byte inside the second record
        }
        try (CommitLog log = CommitLog.open(file)) {
            assertThat(log.recover()).extracting(CommitLogTest::text).containsExactly("good");
            assertThat(log.size()).isEqualTo(8 + 4);
        }
    }

    @Test
    void aGarbageLengthIsATornHeaderNotAHugeAllocation() throws IOException {
        Path file = dir.resolve("log");
        Files.write(file, new byte[] {(byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0, 1, 2, 3});
        try (CommitLog log = CommitLog.open(file)) {
            assertThat(log.recover()).isEmpty();
            assertThat(Files.size(file)).isZero();
        }
    }

    @Test
    void resetEmptiesTheLog() {
        Path file = dir.resolve("log");
        try (CommitLog log = CommitLog.open(file)) {
            log.recover();
            log.append(bytes("checkpointed"));
            log.reset();
            log.append(bytes("later"));
        }
        try (CommitLog log = CommitLog.open(file)) {
            assertThat(log.recover()).extracting(CommitLogTest::text).containsExactly("later");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] record) {
        return new String(record, StandardCharsets.UTF_8);
    }
}
