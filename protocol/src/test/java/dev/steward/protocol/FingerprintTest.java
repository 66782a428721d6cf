package dev.steward.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FingerprintTest {
    private static final String HEX = "3b23ebaab8c89807cd9a76542db0079d0eb26376fdae83826ad2060feb1a5fda";

    @Test
    void parsesLenientlyAndPrintsCanonically() {
        assertThat(Fingerprint.parse("SHA256:" + HEX).value()).isEqualTo("SHA256:" + HEX);
        assertThat(Fingerprint.parse("sha256:" + HEX.toUpperCase()).value()).isEqualTo("SHA256:" + HEX);
        String colons = HEX.replaceAll("(..)(?!$)", "$1:");
        assertThat(Fingerprint.parse(colons).value()).isEqualTo("SHA256:" + HEX);
    }

    @Test
    void rejectsWhatIsNotAFingerprint() {
        assertThatThrownBy(() -> Fingerprint.parse("SHA256:abc")).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> Fingerprint.parse(null)).hasMessageContaining("required");
        assertThatThrownBy(() -> Fingerprint.parse("MD5:" + HEX)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fingerprintsDerBytesWithSha256() {
        assertThat(Fingerprint.of(new byte[0]).value())
                .isEqualTo("SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
