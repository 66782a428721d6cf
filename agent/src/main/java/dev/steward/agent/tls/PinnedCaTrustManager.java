package dev.steward.agent.tls;

import dev.steward.protocol.Fingerprint;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a server only if the chain it presents contains the root whose SHA-256 fingerprint was pinned
 * at install time, and then validates the chain (and host name) against that root with the JDK's PKIX
 * checks. No blind trust on first use: a different root is refused before any byte of a request is sent.
 */
public final class PinnedCaTrustManager extends X509ExtendedTrustManager {
    private final Fingerprint pin;
    private final AtomicReference<X509Certificate> pinnedRoot = new AtomicReference<>();
    private final AtomicReference<List<Fingerprint>> lastPresented = new AtomicReference<>(List.of());

    public PinnedCaTrustManager(Fingerprint pin) {
        this.pin = pin;
    }

    /** The pinned root, once a server presented it. */
    public X509Certificate pinnedRoot() {
        return pinnedRoot.get();
    }

    /** Fingerprints of the certificates the server presented last time, for error messages. */
    public List<Fingerprint> lastPresented() {
        return lastPresented.get();
    }

    private X509ExtendedTrustManager delegateFor(X509Certificate[] chain) throws CertificateException {
        lastPresented.set(Arrays.stream(chain).map(Fingerprint::of).toList());
        X509Certificate root = Arrays.stream(chain).filter(c -> Fingerprint.of(c).equals(pin)).findFirst()
                .orElseThrow(() -> new CertificateException("the server's certificate chain does not contain the pinned CA "
                        + pin + "; it presented " + lastPresented.get()));
        pinnedRoot.set(root);
        return TrustAnchors.trustManager(root);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegateFor(chain).checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegateFor(chain).checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegateFor(chain).checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("an agent does not accept client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("an agent does not accept client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("an agent does not accept client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    /** Builds JDK PKIX trust managers anchored on exactly one root. */
    public static final class TrustAnchors {
        private TrustAnchors() {
        }

        public static X509ExtendedTrustManager trustManager(X509Certificate root) {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setCertificateEntry("environment-root", root);
                TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
                factory.init(store);
                return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new IllegalStateException("cannot build a trust manager", e);
            }
        }
    }
}
