package dev.steward.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of records, each forced to the device before {@link #append} returns: the cheapest
 * durable write there is (a sequential append and one fsync). Framed as length, CRC-32C, bytes; a record
 * torn by a crash (short, or failing its checksum) ends the log: it was never acknowledged, so recovery
 * drops it and everything after it.
 *
 * <p>Not thread-safe: one writer (the group committer's thread) owns it.
 */
final class CommitLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommitLog.class);
    private static final int HEADER = Integer.BYTES + Integer.BYTES;
    /** No record is this large (a group is bounded far below); a larger length is a torn header. */
    static final int MAX_RECORD = 256 * 1024 * 1024;

    private final Path file;
    private final FileChannel channel;
    private long size;

    private CommitLog(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.size = channel.size();
    }

    static CommitLog open(Path file) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            return new CommitLog(file, channel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the commit log " + file + ": " + e.getMessage(), e);
        }
    }

    /** The records written before the last stop or crash, in order; a torn tail is cut off the file. */
    List<byte[]> recover() {
        List<byte[]> records = new ArrayList<>();
        try {
            long position = 0;
            long length = channel.size();
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (position + HEADER <= length) {
                header.clear();
                readFully(header, position);
                header.flip();
                int recordLength = header.getInt();
                int checksum = header.getInt();
                if (recordLength < 0 || recordLength > MAX_RECORD || position + HEADER + recordLength > length) {
                    break;
                }
                ByteBuffer body = ByteBuffer.allocate(recordLength);
                readFully(body, position + HEADER);
                if (crc(body.array()) != checksum) {
                    break;
                }
                records.add(body.array());
                position += HEADER + recordLength;
            }
            if (position < length) {
                LOG.warn("commit log {}: dropping {} bytes of a record torn by a crash (never acknowledged)", file,
                        length - position);
                channel.truncate(position);
                channel.force(true);
            }
            size = position;
            channel.position(position);
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the commit log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends one record and forces it to the device. */
    void append(byte[] record) {
        if (record.length > MAX_RECORD) {
            throw new IllegalArgumentException("a commit log record of " + record.length + " bytes exceeds " + MAX_RECORD);
        }
        ByteBuffer framed = ByteBuffer.allocate(HEADER + record.length);
        framed.putInt(record.length).putInt(crc(record)).put(record).flip();
        try {
            while (framed.hasRemaining()) {
                channel.write(framed, size + framed.position());
            }
            channel.force(false);
            size += HEADER + record.length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the commit log " + file + ": " + e.getMessage(), e);
        }
    }

    long size() {
        return size;
    }

    /** Empties the log, once everything in it is durable elsewhere. */
    void reset() {
        try {
            channel.truncate(0);
            channel.force(true);
            size = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset the commit log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("closing the commit log {} failed", file, e);
        }
    }

    private void readFully(ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            if (channel.read(into, position + into.position()) < 0) {
                throw new IOException("unexpected end of file at " + (position + into.position()));
            }
        }
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
