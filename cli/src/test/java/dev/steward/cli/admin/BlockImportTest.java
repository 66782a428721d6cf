package dev.steward.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.protocol.Wire;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BlockImportTest {

    @Test
    void anImportSummaryCountsWhatChanged() throws Exception {
        var result = Wire.json().readTree("""
                {"created": {"teams": 2, "modules": 1, "trusts": 0}, "updated": {"modules": 1}, "unchanged": {},
                 "skipped": ["trust team x -> module y: no module named 'y'"]}
                """);
        StringWriter text = new StringWriter();
        ImportCommand.summary(new PrintWriter(text), "block.yaml", result);
        assertThat(text.toString().lines()).containsExactly("imported block.yaml", "  created: 2 teams, 1 modules",
                "  updated: 1 modules", "  unchanged: nothing", "  skipped: 1", "    - trust team x -> module y: no module named 'y'");
    }
}
