package dev.steward.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    private final Path file = Path.of("/work/steward-task-1");

    @Test
    void defaultsToSh() {
        assertThat(CommandLine.forScript(null, file)).containsExactly("sh", "/work/steward-task-1");
        assertThat(CommandLine.forScript(" \t", file)).containsExactly("sh", "/work/steward-task-1");
    }

    @Test
    void splitsInterpreterArgumentsOnWhitespace() {
        assertThat(CommandLine.forScript("  /bin/bash   -e -u ", file))
                .containsExactly("/bin/bash", "-e", "-u", "/work/steward-task-1");
    }
}
