package dev.steward.protocol;

/** A new agent asks for a certificate: its own CSR (its key never leaves it) plus an enrollment token. */
public record EnrollRequest(String token, String name, String csrPem, String hostname, String os, String agentVersion) {
}
