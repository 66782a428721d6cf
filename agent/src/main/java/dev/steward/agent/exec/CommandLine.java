package dev.steward.agent.exec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Turns a task into the argv handed to {@link ProcessBuilder}; no shell is ever implied. */
final class CommandLine {

    static final String DEFAULT_INTERPRETER = "sh";

    private CommandLine() {
    }

    /**
     * {@code <interpreter words...> <script file>}. The interpreter may carry arguments
     * ("bash -e"), split on whitespace; an interpreter path containing spaces is not supported.
     */
    static List<String> forScript(String interpreter, Path scriptFile) {
        String chosen = interpreter == null || interpreter.isBlank() ? DEFAULT_INTERPRETER : interpreter.strip();
        List<String> argv = new ArrayList<>(List.of(chosen.split("\\s+")));
        argv.add(scriptFile.toAbsolutePath().toString());
        return argv;
    }
}
