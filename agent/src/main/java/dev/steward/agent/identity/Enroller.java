package dev.steward.agent.identity;

import dev.steward.agent.AgentVersion;
import dev.steward.agent.tls.AgentTls;
import dev.steward.agent.tls.PinnedCaTrustManager;
import dev.steward.agent.transport.HttpsTransport;
import dev.steward.agent.transport.ServerUnreachableException;
import dev.steward.protocol.AgentPaths;
import dev.steward.protocol.EnrollRequest;
import dev.steward.protocol.EnrollResponse;
import dev.steward.protocol.Fingerprint;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * First contact: make a key pair here, send only a CSR and the enrollment token, over TLS to a server
 * whose root matches the pinned fingerprint; keep the certificate that comes back.
 */
public final class Enroller {
    private Enroller() {
    }

    /** Thrown when enrollment cannot succeed as configured (wrong pin, bad token, …); the message says why. */
    public static final class EnrollmentFailedException extends RuntimeException {
        public EnrollmentFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static AgentIdentity enroll(URI server, String token, Fingerprint pin, String name) {
        return enroll(server, token, pin, name, null);
    }

    public static AgentIdentity enroll(URI server, String token, Fingerprint pin, String name, URI proxy) {
        if (token == null || token.isBlank()) {
            throw new EnrollmentFailedException("this agent is not enrolled yet: pass --enroll-token "
                    + "(create one with 'steward enroll-tokens create')", null);
        }
        if (pin == null) {
            throw new EnrollmentFailedException("pass --ca-fingerprint SHA256:<64 hex> (printed by the server at start) "
                    + "so the agent can tell the real server from an impostor", null);
        }
        KeyPair keyPair = newKeyPair();
        PinnedCaTrustManager trust = new PinnedCaTrustManager(pin);
        HttpsTransport transport = new HttpsTransport(server, AgentTls.forEnrollment(trust), proxy);
        EnrollResponse response;
        try {
            response = transport.post(AgentPaths.ENROLL, new EnrollRequest(token, name, csr(keyPair, name),
                    Host.name(), Host.os(), AgentVersion.current()), EnrollResponse.class);
        } catch (ServerUnreachableException e) {
            if (trust.pinnedRoot() == null && !trust.lastPresented().isEmpty()) {
                throw new EnrollmentFailedException("refusing to enroll: the server at " + server
                        + " does not present the pinned CA " + pin + " (it presented " + trust.lastPresented()
                        + "); check --ca-fingerprint against the server's ca.pem", e);
            }
            throw e;
        }
        try {
            X509Certificate cert = Pems.certificate(response.certificatePem());
            X509Certificate ca = Pems.certificate(response.caCertificatePem());
            if (!Fingerprint.of(ca).equals(pin)) {
                throw new EnrollmentFailedException("the server returned a CA that does not match the pin " + pin, null);
            }
            if (!cert.getPublicKey().equals(keyPair.getPublic())) {
                throw new EnrollmentFailedException("the server returned a certificate for a different key", null);
            }
            cert.verify(ca.getPublicKey());
            return new AgentIdentity(response.agentId(), keyPair, cert, ca);
        } catch (IOException | GeneralSecurityException e) {
            throw new EnrollmentFailedException("the server's enrollment answer is unusable: " + e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is missing from this JVM", e);
        }
    }

    private static String csr(KeyPair keyPair, String name) {
        try {
            PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(
                    new X500Principal("CN=" + name.replaceAll("[^A-Za-z0-9._-]", "_")), keyPair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate()));
            return Pems.encode(request);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign the CSR", e);
        }
    }
}
