package dev.steward.server.enrollment;

import dev.steward.protocol.EnrollRequest;
import dev.steward.protocol.EnrollResponse;
import dev.steward.protocol.Fingerprint;
import dev.steward.server.fleet.AgentRecord;
import dev.steward.server.fleet.AgentRegistry;
import dev.steward.server.http.ApiException;
import dev.steward.server.http.Names;
import dev.steward.server.http.Printable;
import dev.steward.server.identity.Secrets;
import dev.steward.server.pki.EnvironmentCa;
import dev.steward.server.pki.Pem;
import dev.steward.server.store.TimeOrderedIds;
import java.io.IOException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Agent-facing: turns a valid enrollment token plus the agent's CSR into a certificate. The agent's key
 * never leaves it; the CSR signature proves it holds the key. The tenant comes from the token, never
 * from the request.
 */
public final class EnrollmentService {
    static final long DEFAULT_POLL_INTERVAL_SECONDS = 60;

    private final EnrollTokenStore tokens;
    private final AgentRegistry agents;
    private final EnvironmentCa ca;
    private final Clock clock;

    public EnrollmentService(EnrollTokenStore tokens, AgentRegistry agents, EnvironmentCa ca, Clock clock) {
        this.tokens = tokens;
        this.agents = agents;
        this.ca = ca;
        this.clock = clock;
    }

    public EnrollResponse enroll(EnrollRequest request) {
        if (request.token() == null || request.token().isBlank() || request.token().length() > 256) {
            throw ApiException.unauthorized("an enrollment token is required (steward enroll-tokens create)");
        }
        Instant now = clock.instant();
        EnrollToken token = tokens.findByHash(Secrets.hash(request.token()))
                .orElseThrow(() -> ApiException.unauthorized("the enrollment token is not valid; "
                        + "create one with 'steward enroll-tokens create'"));
        switch (token.status(now)) {
            case "revoked" -> throw ApiException.unauthorized("the enrollment token was revoked; create a new one");
            case "expired" -> throw ApiException.unauthorized("the enrollment token expired at " + token.expiresAt()
                    + "; create a new one");
            default -> { }
        }
        String name = Names.require("name", request.name());
        PublicKey key = verifiedKey(request.csrPem());
        String agentId = TimeOrderedIds.next();
        X509Certificate certificate = ca.issueAgent(key, agentId, token.tenantId());
        boolean registered = agents.register(new AgentRecord(agentId, token.tenantId(), name,
                Fingerprint.of(certificate).value(), now, null, null, "poll", DEFAULT_POLL_INTERVAL_SECONDS,
                Printable.clipNullable(request.hostname(), 254), Printable.clipNullable(request.os(), 254),
                Printable.clipNullable(request.agentVersion(), 63), null),
                certificate.getNotAfter().toInstant());
        if (!registered) {
            // The certificate was never handed out and its fingerprint is stored nowhere: it is useless.
            throw ApiException.conflict("an agent named '" + name + "' is already enrolled in this tenant; "
                    + "choose another --name, or revoke the old one first (steward agents revoke " + name + ")");
        }
        tokens.countUse(token.id());
        return new EnrollResponse(agentId, token.tenantId(), Pem.encode(certificate), Pem.encode(ca.certificate()));
    }

    private static PublicKey verifiedKey(String csrPem) {
        if (csrPem == null || csrPem.isBlank()) {
            throw ApiException.badRequest("csr_pem", "'csr_pem' is required: a PEM PKCS#10 certificate request");
        }
        try {
            Object parsed = Pem.read(csrPem);
            if (!(parsed instanceof PKCS10CertificationRequest csr)) {
                throw ApiException.badRequest("csr_pem", "'csr_pem' is not a PEM PKCS#10 certificate request");
            }
            JcaPKCS10CertificationRequest jca = new JcaPKCS10CertificationRequest(csr);
            PublicKey key = jca.getPublicKey();
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw ApiException.badRequest("csr_pem", "the CSR signature does not verify");
            }
            boolean strongEnough = key instanceof ECPublicKey
                    || (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048);
            if (!strongEnough) {
                throw ApiException.badRequest("csr_pem", "the CSR key must be EC or RSA of at least 2048 bits");
            }
            return key;
        } catch (IOException | OperatorCreationException | PKCSException | java.security.GeneralSecurityException
                | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw ApiException.badRequest("csr_pem", "cannot read the CSR: " + Printable.clip(e.getMessage(), 200));
        }
    }
}
