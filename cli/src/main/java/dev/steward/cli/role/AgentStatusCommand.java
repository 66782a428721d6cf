package dev.steward.cli.role;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.agent.AgentStatus;
import dev.steward.cli.UserError;
import dev.steward.cli.admin.OutputOption;
import dev.steward.cli.admin.Table;
import dev.steward.protocol.Wire;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The agent's own view of its connection, read from the state directory (no server needed). */
@Command(name = "status", description = "Show this agent's connection as the agent sees it (server, mode, TLS, bytes, last contact).")
public final class AgentStatusCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OutputOption output;

    @Option(names = "--state-dir", required = true, paramLabel = "DIR", description = "The agent's state directory")
    Path stateDir;

    @Override
    public Integer call() throws IOException {
        AgentStatus status = AgentStatus.load(stateDir).orElseThrow(() -> new UserError("no status in " + stateDir
                + ": the agent has not reached its server yet (or this is not an agent state directory)"));
        PrintWriter out = spec.commandLine().getOut();
        JsonNode json = Wire.json().valueToTree(status);
        output.print(out, json, node -> {
            Table table = new Table("FIELD", "VALUE");
            node.fields().forEachRemaining(field -> table.row(field.getKey(),
                    field.getValue().isNull() ? "-" : field.getValue().asText()));
            return table;
        });
        return 0;
    }
}
