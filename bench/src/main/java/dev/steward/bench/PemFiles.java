package dev.steward.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/** Reads a PEM certificate (the server's {@code ca.pem}). */
final class PemFiles {
    private PemFiles() {
    }

    static X509Certificate certificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }
}
