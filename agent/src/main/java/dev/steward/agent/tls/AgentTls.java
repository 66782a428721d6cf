package dev.steward.agent.tls;

import dev.steward.agent.identity.AgentIdentity;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** SSL contexts for the two phases of an agent's life: enrolling (pinned root, no client cert) and enrolled (mTLS). */
public final class AgentTls {
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private AgentTls() {
    }

    public static SSLContext forEnrollment(PinnedCaTrustManager trustManager) {
        return context(null, new TrustManager[] {trustManager});
    }

    public static SSLContext forIdentity(AgentIdentity identity) {
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("agent", identity.keyPair().getPrivate(), IN_MEMORY_PASSWORD,
                    new Certificate[] {identity.certificate(), identity.ca()});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, IN_MEMORY_PASSWORD);
            return context(keys, new TrustManager[] {PinnedCaTrustManager.TrustAnchors.trustManager(identity.ca())});
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot load the agent's TLS identity", e);
        }
    }

    private static SSLContext context(KeyManagerFactory keys, TrustManager[] trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot initialise TLS", e);
        }
    }
}
