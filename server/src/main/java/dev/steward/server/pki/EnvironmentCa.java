package dev.steward.server.pki;

import dev.steward.protocol.Fingerprint;
import dev.steward.server.store.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The installation's self-signed root. Created at first start in the data directory; its private key
 * ({@code ca-key.pem}, mode 0600) never leaves the server. {@code ca.pem} is what agents and the CLI pin.
 */
public final class EnvironmentCa {
    public static final String CERT_FILE = "ca.pem";
    public static final String KEY_FILE = "ca-key.pem";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keyPair;
    private final X509Certificate certificate;
    private final Clock clock;

    private EnvironmentCa(KeyPair keyPair, X509Certificate certificate, Clock clock) {
        this.keyPair = keyPair;
        this.certificate = certificate;
        this.clock = clock;
    }

    public static EnvironmentCa loadOrCreate(Path dataDir, Clock clock) {
        Path certFile = dataDir.resolve(CERT_FILE);
        Path keyFile = dataDir.resolve(KEY_FILE);
        try {
            if (Files.exists(keyFile) && Files.exists(certFile)) {
                X509Certificate cert = Pem.certificate(Files.readString(certFile));
                KeyPair keyPair = new KeyPair(cert.getPublicKey(), Pem.privateKey(Files.readString(keyFile)));
                return new EnvironmentCa(keyPair, cert, clock);
            }
            if (Files.exists(keyFile) != Files.exists(certFile)) {
                throw new IllegalStateException("found only one of " + certFile + " and " + keyFile
                        + "; restore the missing file from backup (a new CA would strand every enrolled agent)");
            }
            KeyPair keyPair = newKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "Steward").addRDN(BCStyle.CN, "Steward Environment Root").build();
            Instant now = clock.instant();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minusSeconds(300)), Date.from(now.plus(CertificateProfile.ROOT.lifetime())),
                    subject, keyPair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    ext.createSubjectKeyIdentifier(keyPair.getPublic()));
            X509Certificate cert = sign(builder, keyPair.getPrivate());
            SecretFiles.write(keyFile, Pem.encodePrivateKey(keyPair.getPrivate()));
            Files.writeString(certFile, Pem.encode(cert));
            return new EnvironmentCa(keyPair, cert, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the environment CA in " + dataDir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the environment CA", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public Fingerprint fingerprint() {
        return Fingerprint.of(certificate);
    }

    /** A server TLS certificate valid for the given DNS names and IP addresses. */
    public X509Certificate issueServer(PublicKey key, List<String> hostnames) {
        List<GeneralName> names = new ArrayList<>();
        for (String host : hostnames) {
            names.add(isIpLiteral(host) ? new GeneralName(GeneralName.iPAddress, host)
                    : new GeneralName(GeneralName.dNSName, host));
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Steward")
                .addRDN(BCStyle.CN, hostnames.isEmpty() ? "steward-server" : hostnames.getFirst()).build();
        return issue(subject, key, CertificateProfile.SERVER, KeyPurposeId.id_kp_serverAuth,
                new GeneralNames(names.toArray(GeneralName[]::new)));
    }

    /** An agent client certificate: CN = agent id, OU = tenant id. The CN is the agent's identity. */
    public X509Certificate issueAgent(PublicKey key, String agentId, String tenantId) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Steward")
                .addRDN(BCStyle.OU, tenantId).addRDN(BCStyle.CN, agentId).build();
        return issue(subject, key, CertificateProfile.AGENT, KeyPurposeId.id_kp_clientAuth, null);
    }

    private X509Certificate issue(X500Name subject, PublicKey key, CertificateProfile profile, KeyPurposeId purpose,
            GeneralNames sans) {
        try {
            Instant now = clock.instant();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minusSeconds(300)), Date.from(now.plus(profile.lifetime())), subject, key);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    ext.createAuthorityKeyIdentifier(certificate));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
            if (sans != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            return sign(builder, keyPair.getPrivate());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a " + profile + " certificate", e);
        }
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is missing from this JVM", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static boolean isIpLiteral(String host) {
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            return false;
        }
        try {
            InetAddress.getByName(host);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
