package dev.steward.server.pki;

import java.time.Duration;

/** The three kinds of certificate the environment CA signs, with their lifetimes and key usages. */
public enum CertificateProfile {
    /** The environment root. Long-lived: agents pin its fingerprint at install time. */
    ROOT(Duration.ofDays(365L * 20)),
    /** The server's TLS certificate, re-issued at every start so its names follow the flags. */
    SERVER(Duration.ofDays(397)),
    /** An enrolled agent's client certificate. */
    AGENT(Duration.ofDays(365));

    private final Duration lifetime;

    CertificateProfile(Duration lifetime) {
        this.lifetime = lifetime;
    }

    public Duration lifetime() {
        return lifetime;
    }
}
