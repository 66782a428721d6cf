package dev.steward.bench;

import dev.steward.agent.tls.PinnedCaTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * One TLS context for thousands of simulated agents, each presenting its own certificate: the key
 * manager picks the key by engine. Engines are created without a peer host, so the JDK never resumes
 * one agent's session for another (a resumed session would carry the first agent's identity).
 * The server is verified against the given root, as the real agent does with its pinned CA.
 */
public final class SimTls {
    private final SSLContext context;
    private final Map<SSLEngine, Integer> owners = new ConcurrentHashMap<>();
    private final List<SimIdentity> identities;

    public SimTls(X509Certificate root, List<SimIdentity> identities) {
        this.identities = identities;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new PerEngineKeys()},
                    new TrustManager[] {PinnedCaTrustManager.TrustAnchors.trustManager(root)}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot initialise TLS", e);
        }
    }

    /** A client engine presenting agent {@code index}'s certificate. */
    public SSLEngine engineFor(int index) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(true);
        owners.put(engine, index);
        return engine;
    }

    /** Forget the engine once its handshake is done or failed. */
    public void release(SSLEngine engine) {
        owners.remove(engine);
    }

    private final class PerEngineKeys extends X509ExtendedKeyManager {
        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            Integer index = owners.get(engine);
            return index == null ? null : Integer.toString(index);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return new X509Certificate[] {identities.get(Integer.parseInt(alias)).certificate()};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return identities.get(Integer.parseInt(alias)).key();
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
