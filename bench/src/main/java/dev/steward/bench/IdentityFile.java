package dev.steward.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Enrolled identities on disk, so thousands of agents are enrolled once and reused by every run.
 * One line per agent: {@code name TAB agent-id TAB base64(certificate DER) TAB base64(PKCS#8 key)};
 * the first line is {@code ca TAB base64(CA certificate DER)}. The file holds private keys: mode 0600.
 */
public final class IdentityFile {
    private IdentityFile() {
    }

    public record Contents(X509Certificate ca, List<SimIdentity> identities) {
    }

    public static void write(Path file, X509Certificate ca, List<SimIdentity> identities) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Base64.Encoder b64 = Base64.getEncoder();
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(temp);
            Files.createFile(temp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.US_ASCII)) {
                out.write("ca\t" + b64.encodeToString(ca.getEncoded()) + "\n");
                for (SimIdentity id : identities) {
                    out.write(id.name() + "\t" + id.agentId() + "\t" + b64.encodeToString(id.certificate().getEncoded())
                            + "\t" + b64.encodeToString(id.key().getEncoded()) + "\n");
                }
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }

    /** Reads the file; {@code limit} caps how many agents are decoded (the rest are not needed). */
    public static Contents read(Path file, int from, int to) {
        Base64.Decoder b64 = Base64.getDecoder();
        try {
            CertificateFactory certs = CertificateFactory.getInstance("X.509");
            KeyFactory keys = KeyFactory.getInstance("EC");
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            if (lines.isEmpty() || !lines.get(0).startsWith("ca\t")) {
                throw new IllegalArgumentException(file + " is not an identity file (no 'ca' first line)");
            }
            X509Certificate ca = certificate(certs, b64.decode(lines.get(0).substring(3)));
            List<SimIdentity> identities = new ArrayList<>();
            for (int i = 1 + from; i < lines.size() && i < 1 + to; i++) {
                String[] f = lines.get(i).split("\t");
                if (f.length != 4) {
                    throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected 4 tab-separated fields");
                }
                identities.add(new SimIdentity(f[0], f[1],
                        keys.generatePrivate(new PKCS8EncodedKeySpec(b64.decode(f[3]))), certificate(certs, b64.decode(f[2]))));
            }
            return new Contents(ca, identities);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": unreadable key or certificate: " + e.getMessage(), e);
        }
    }

    /** Number of agents in the file, without decoding them. */
    public static int count(Path file) {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file, StandardCharsets.US_ASCII)) {
            return (int) Math.max(0, lines.count() - 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static X509Certificate certificate(CertificateFactory certs, byte[] der) throws GeneralSecurityException {
        return (X509Certificate) certs.generateCertificate(new java.io.ByteArrayInputStream(der));
    }
}
