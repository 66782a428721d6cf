package dev.steward.server.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * TLS for the single HTTPS port. The server presents [its certificate, the root] so an agent can check
 * the root against its pinned fingerprint. Client certificates are requested but not required: the
 * enrollment and admin endpoints work without one, the agent endpoints insist on one issued by this CA.
 */
public final class ServerTls {
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private ServerTls() {
    }

    public static SslContextFactory.Server contextFactory(EnvironmentCa ca, List<String> hostnames) {
        try {
            KeyPair serverKey = EnvironmentCa.newKeyPair();
            X509Certificate serverCert = ca.issueServer(serverKey.getPublic(), hostnames);
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("server", serverKey.getPrivate(), IN_MEMORY_PASSWORD,
                    new Certificate[] {serverCert, ca.certificate()});
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            trustStore.setCertificateEntry("environment-root", ca.certificate());

            SslContextFactory.Server factory = new SslContextFactory.Server();
            factory.setKeyStore(keyStore);
            factory.setKeyStorePassword(new String(IN_MEMORY_PASSWORD));
            factory.setTrustStore(trustStore);
            factory.setWantClientAuth(true);
            factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            factory.setSniRequired(false);
            return factory;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot set up the server's TLS certificate", e);
        }
    }
}
