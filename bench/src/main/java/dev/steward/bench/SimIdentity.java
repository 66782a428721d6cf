package dev.steward.bench;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** One enrolled simulated agent: its name, the id the server gave it, and its own key and certificate. */
public record SimIdentity(String name, String agentId, PrivateKey key, X509Certificate certificate) {
}
