package dev.steward.server.job;

/** A piece of live task output, as followers of a job see it. */
public record OutputLine(String agent, String task, String stream, String text) {
}
