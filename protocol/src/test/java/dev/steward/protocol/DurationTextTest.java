package dev.steward.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
    @Test
    void readsTheUsualForms() {
        assertThat(DurationText.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationText.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(DurationText.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationText.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(DurationText.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationText.parse(" 45 ")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void rejectsGarbageWithTheExpectedForm() {
        for (String bad : new String[] {"", "5x", "m", "1h 30m", "-5s", "1.5h"}) {
            assertThatThrownBy(() -> DurationText.parse(bad)).as(bad).hasMessageContaining("30s, 10m");
        }
    }

    @Test
    void formatsBackToParseableText() {
        for (String text : new String[] {"1s", "90s", "10m", "2h"}) {
            assertThat(DurationText.format(DurationText.parse(text))).isEqualTo(text.equals("90s") ? "90s" : text);
        }
    }
}
