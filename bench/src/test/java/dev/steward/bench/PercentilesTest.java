package dev.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentilesTest {
    @Test
    void nearestRank() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[i] = i + 1;
        }
        assertThat(Percentiles.of(values, 50)).isEqualTo(50);
        assertThat(Percentiles.of(values, 99)).isEqualTo(99);
        assertThat(Percentiles.of(values, 100)).isEqualTo(100);
        assertThat(Percentiles.of(new long[] {7}, 99)).isEqualTo(7);
        assertThat(Percentiles.of(new long[0], 50)).isZero();
    }
}
