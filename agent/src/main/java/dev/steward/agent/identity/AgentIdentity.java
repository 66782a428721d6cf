package dev.steward.agent.identity;

import dev.steward.protocol.Fingerprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;

/**
 * The enrolled identity kept in the state directory: {@code key.pem} (0600, never sent anywhere),
 * {@code cert.pem} issued by the server, and {@code ca.pem}, the environment root that was pinned.
 */
public record AgentIdentity(String agentId, KeyPair keyPair, X509Certificate certificate, X509Certificate ca) {
    static final String KEY_FILE = "key.pem";
    static final String CERT_FILE = "cert.pem";
    static final String CA_FILE = "ca.pem";

    public static boolean exists(Path stateDir) {
        return Files.exists(stateDir.resolve(CERT_FILE)) && Files.exists(stateDir.resolve(KEY_FILE));
    }

    /**
     * Loads the identity and re-checks the stored CA against the pin, if one is given, so a tampered or
     * swapped ca.pem is noticed rather than trusted.
     */
    public static AgentIdentity load(Path stateDir, Fingerprint expectedCa) throws IOException {
        X509Certificate cert = Pems.certificate(Files.readString(stateDir.resolve(CERT_FILE)));
        KeyPair keyPair = new KeyPair(cert.getPublicKey(), Pems.privateKey(Files.readString(stateDir.resolve(KEY_FILE))));
        X509Certificate ca = Pems.certificate(Files.readString(stateDir.resolve(CA_FILE)));
        if (expectedCa != null && !Fingerprint.of(ca).equals(expectedCa)) {
            throw new IOException("the CA in " + stateDir.resolve(CA_FILE) + " has fingerprint " + Fingerprint.of(ca)
                    + " but --ca-fingerprint says " + expectedCa + "; use the right fingerprint or a fresh --state-dir");
        }
        String subject = cert.getSubjectX500Principal().getName();
        String agentId = subject.replaceAll(".*CN=([^,]+).*", "$1");
        return new AgentIdentity(agentId, keyPair, cert, ca);
    }

    public void save(Path stateDir) {
        StateFiles.writeAtomically(stateDir.resolve(KEY_FILE), Pems.encodePrivateKey(keyPair.getPrivate()), true);
        StateFiles.writeAtomically(stateDir.resolve(CA_FILE), Pems.encode(ca), false);
        // The certificate is written last: its presence marks a complete identity.
        StateFiles.writeAtomically(stateDir.resolve(CERT_FILE), Pems.encode(certificate), false);
    }
}
