package dev.steward.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.protocol.ProtocolLimits;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutputCaptureTest {

    private static String capture(byte[] input, int limit) {
        OutputCapture capture = OutputCapture.start("test", new ByteArrayInputStream(input), limit);
        assertThat(capture.awaitEnd(Duration.ofSeconds(5))).isTrue();
        return capture.text();
    }

    private static String marker(int limit) {
        return String.format(ProtocolLimits.TRUNCATION_MARKER, limit);
    }

    @Test
    void keepsShortOutputVerbatim() {
        assertThat(capture("héllo\n".getBytes(StandardCharsets.UTF_8), 100)).isEqualTo("héllo\n");
    }

    @Test
    void emptyOutputIsEmpty() {
        assertThat(capture(new byte[0], 100)).isEmpty();
    }

    @Test
    void oneByteOverTheLimitIsMarked() {
        assertThat(capture("abcdef".getBytes(StandardCharsets.US_ASCII), 5)).isEqualTo("abcde" + marker(5));
    }

    @Test
    void zeroLimitKeepsNothingButShowsTheCut() {
        assertThat(capture("x".getBytes(StandardCharsets.US_ASCII), 0)).isEqualTo(marker(0));
        assertThat(capture(new byte[0], 0)).isEmpty();
    }

    @Test
    void cutDoesNotSplitAMultiByteCharacter() {
        // "é" is two bytes: a 5-byte cut of "ééé" would end in half a character.
        assertThat(capture("ééé".getBytes(StandardCharsets.UTF_8), 5)).isEqualTo("éé" + marker(5));
        // A 4-byte emoji cut after 1, 2 or 3 of its bytes disappears entirely.
        byte[] emoji = "a😀b".getBytes(StandardCharsets.UTF_8);
        for (int limit = 2; limit <= 4; limit++) {
            assertThat(capture(emoji, limit)).isEqualTo("a" + marker(limit));
        }
        assertThat(capture(emoji, 5)).isEqualTo("a😀" + marker(5));
    }

    @Test
    void invalidBytesBecomeReplacementCharacters() {
        byte[] bad = {'o', 'k', (byte) 0xFF, (byte) 0xC3, '!'};
        assertThat(capture(bad, 100)).isEqualTo("ok\uFFFD\uFFFD!");
    }

    @Test
    void largeInputIsDrainedToTheEnd() {
        byte[] big = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'z');
        ByteArrayInputStream in = new ByteArrayInputStream(big);
        OutputCapture capture = OutputCapture.start("test", in, 10);

        assertThat(capture.awaitEnd(Duration.ofSeconds(5))).isTrue();
        assertThat(in.available()).isZero();
        assertThat(capture.text()).isEqualTo("z".repeat(10) + marker(10));
    }
}
