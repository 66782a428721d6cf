package dev.steward.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void escapesControlCharacters() {
        assertThat(Printable.clip("a\tb\u001b[31m", 100)).isEqualTo("a\\u0009b\\u001b[31m");
    }

    @Test
    void neverExceedsTheLimitEvenWhenEscapingGrowsTheText() {
        String tabs = "\t".repeat(128);
        assertThat(Printable.clip(tabs, 128)).hasSizeLessThanOrEqualTo(128).endsWith("…");
        assertThat(Printable.clip("x".repeat(300), 128)).hasSize(128);
        assertThat(Printable.clip("x".repeat(128), 128)).isEqualTo("x".repeat(128));
    }

    @Test
    void doesNotSplitASurrogatePair() {
        String emoji = "\uD83D\uDE00".repeat(10);
        assertThat(Printable.clip(emoji, 7)).isEqualTo("\uD83D\uDE00".repeat(3) + "…");
        assertThat(Printable.clip(emoji, 6)).isEqualTo("\uD83D\uDE00".repeat(2) + "…");
    }
}
