package dev.steward.cli.admin;

import dev.steward.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs the real command line without a server: for arguments the CLI must refuse before it connects. A
 * fake --ca and --token make sure nothing here ever reads the environment's connection settings; a
 * command that got as far as connecting would fail on the missing CA file, not reach a server.
 */
record Cli(int exitCode, String out, String err) {
    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--ca", "/nonexistent/steward-test-ca.pem", "--token", "test")).toArray(String[]::new);
        int code = cli.execute(all);
        return new Cli(code, out.toString(), err.toString());
    }
}
