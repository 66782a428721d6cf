package dev.steward.protocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** A certificate's SHA-256 fingerprint in the form {@code SHA256:<64 lowercase hex>}. */
public record Fingerprint(String value) {
    private static final Pattern FORMAT = Pattern.compile("SHA256:[0-9a-f]{64}");

    public Fingerprint {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "a fingerprint looks like SHA256: followed by 64 hex digits, got '" + value + "'");
        }
    }

    /** Parses user input leniently: any case, optional colons between hex pairs. */
    public static Fingerprint parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a CA fingerprint is required (SHA256:<64 hex>)");
        }
        String trimmed = text.trim();
        String hex = trimmed.regionMatches(true, 0, "SHA256:", 0, 7) ? trimmed.substring(7) : trimmed;
        return new Fingerprint("SHA256:" + hex.replace(":", "").toLowerCase(Locale.ROOT));
    }

    public static Fingerprint of(X509Certificate certificate) {
        try {
            return of(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
    }

    public static Fingerprint of(byte[] der) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
            return new Fingerprint("SHA256:" + HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
