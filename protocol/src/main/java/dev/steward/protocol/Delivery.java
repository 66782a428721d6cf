package dev.steward.protocol;

/**
 * Where a {@code deliver} task writes its resource on the agent, and with which POSIX permissions
 * ({@code mode}, octal text such as {@code "0644"}). The path is absolute; the server validated both.
 */
public record Delivery(String path, String mode) {
}
