package dev.steward.agent.exec;

/** UTF-8 byte arithmetic needed when output is cut at a byte limit. */
final class Utf8 {

    private Utf8() {
    }

    /**
     * The longest prefix of {@code bytes[0, length)} that does not end inside a multi-byte
     * character. A cut at a byte limit can split one; dropping its first bytes gives clean text
     * instead of a replacement character right before the truncation marker. Malformed input is
     * left alone (the decoder replaces it anyway).
     */
    static int completePrefixLength(byte[] bytes, int length) {
        int lead = length - 1;
        int continuations = 0;
        while (lead >= 0 && continuations < 3 && isContinuation(bytes[lead])) {
            lead--;
            continuations++;
        }
        if (lead < 0) {
            return length;
        }
        int needed = sequenceLength(bytes[lead]);
        return continuations + 1 < needed ? lead : length;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    /** Bytes in the sequence a lead byte starts; 1 for ASCII and for bytes that cannot lead. */
    private static int sequenceLength(byte lead) {
        if ((lead & 0xE0) == 0xC0) {
            return 2;
        }
        if ((lead & 0xF0) == 0xE0) {
            return 3;
        }
        if ((lead & 0xF8) == 0xF0) {
            return 4;
        }
        return 1;
    }
}
