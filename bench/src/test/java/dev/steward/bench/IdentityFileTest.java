package dev.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.List;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsKeysAndCertificatesAndKeepsTheFilePrivate() throws Exception {
        KeyPair caKeys = keys();
        X509Certificate ca = selfSigned(caKeys, "ca");
        KeyPair a = keys();
        KeyPair b = keys();
        Path file = dir.resolve("ids.txt");
        IdentityFile.write(file, ca, List.of(new SimIdentity("sim-00000", "id-a", a.getPrivate(), selfSigned(a, "a")),
                new SimIdentity("sim-00001", "id-b", b.getPrivate(), selfSigned(b, "b"))));

        assertThat(IdentityFile.count(file)).isEqualTo(2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        IdentityFile.Contents second = IdentityFile.read(file, 1, 2);
        assertThat(second.ca()).isEqualTo(ca);
        assertThat(second.identities()).singleElement().satisfies(id -> {
            assertThat(id.name()).isEqualTo("sim-00001");
            assertThat(id.agentId()).isEqualTo("id-b");
            assertThat(id.key()).isEqualTo(b.getPrivate());
            assertThat(id.certificate().getPublicKey()).isEqualTo(b.getPublic());
        });
    }

    @Test
    void aFileThatIsNotAnIdentityFileIsRefusedWithItsName() throws Exception {
        Path file = dir.resolve("other.txt");
        Files.writeString(file, "hello\n");
        assertThatThrownBy(() -> IdentityFile.read(file, 0, 10)).hasMessageContaining("other.txt")
                .hasMessageContaining("not an identity file");
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate selfSigned(KeyPair keys, String cn) throws Exception {
        var name = new javax.security.auth.x500.X500Principal("CN=" + cn);
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, new Date(), new Date(System.currentTimeMillis() + 86_400_000L),
                name, keys.getPublic());
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(keys.getPrivate())));
    }
}
