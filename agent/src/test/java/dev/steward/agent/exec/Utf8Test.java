package dev.steward.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

    private static int cut(String text, int length) {
        return Utf8.completePrefixLength(text.getBytes(StandardCharsets.UTF_8), length);
    }

    @Test
    void asciiIsNeverShortened() {
        assertThat(cut("abc", 3)).isEqualTo(3);
        assertThat(cut("abc", 0)).isZero();
    }

    @Test
    void completeSequencesAreKept() {
        assertThat(cut("aé", 3)).isEqualTo(3);
        assertThat(cut("a€", 4)).isEqualTo(4);
        assertThat(cut("a😀", 5)).isEqualTo(5);
    }

    @Test
    void partialSequencesAreDropped() {
        assertThat(cut("aé", 2)).isEqualTo(1);
        assertThat(cut("a€", 2)).isEqualTo(1);
        assertThat(cut("a€", 3)).isEqualTo(1);
        assertThat(cut("a😀", 4)).isEqualTo(1);
    }

    @Test
    void malformedBytesAreLeftForTheDecoder() {
        byte[] strayContinuations = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80};
        assertThat(Utf8.completePrefixLength(strayContinuations, 4)).isEqualTo(4);
        byte[] asciiThenContinuation = {'a', (byte) 0x80};
        assertThat(Utf8.completePrefixLength(asciiThenContinuation, 2)).isEqualTo(2);
    }
}
