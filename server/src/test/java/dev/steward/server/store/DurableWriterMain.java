package dev.steward.server.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * The process {@link DurableCommitsKillTest} kills: writes numbered rows to the embedded datastore as
 * fast as it can and prints "acked N" for each write once the datastore has confirmed it, i.e. at the
 * moment the server would answer 200/201. Modes: autocommit, transaction, group (several threads
 * submitting to a {@link GroupCommitter}), journal (the same, made durable by a {@link RedoJournal}, which
 * is replayed at start, as the server does).
 */
public final class DurableWriterMain {
    private DurableWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String mode = args[1];
        int start = Integer.parseInt(args[2]);
        Datastore datastore = Datastore.open(DatastoreConfig.embeddedH2(dir));
        Jdbi jdbi = datastore.jdbi();
        jdbi.useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS durability_probe (id INT PRIMARY KEY, body VARCHAR(200))"));
        System.out.println("ready");
        System.out.flush();
        String body = "x".repeat(150);
        switch (mode) {
            case "autocommit" -> {
                for (int i = start; ; i++) {
                    int id = i;
                    jdbi.useHandle(h -> h.execute("INSERT INTO durability_probe VALUES (?, ?)", id, body));
                    acked(id);
                }
            }
            case "transaction" -> {
                for (int i = start; ; i++) {
                    int id = i;
                    jdbi.useTransaction(h -> {
                        h.execute("INSERT INTO durability_probe VALUES (?, ?)", id, body);
                        h.execute("UPDATE durability_probe SET body = ? WHERE id = ?", body + "!", id);
                    });
                    acked(id);
                }
            }
            case "group" -> {
                GroupCommitter<Integer, Integer> committer = new GroupCommitter<>("probe", datastore.transactions(),
                        (h, ids) -> {
                            var batch = h.prepareBatch("INSERT INTO durability_probe VALUES (:id, :body)");
                            ids.forEach(id -> batch.bind("id", id).bind("body", body).add());
                            batch.execute();
                            return List.copyOf(ids);
                        }, new GroupCommitter.Limits(1000, 1_000_000, 100, 1_000_000, Duration.ofMillis(2), Duration.ZERO));
                AtomicInteger next = new AtomicInteger(start);
                for (int t = 0; t < 8; t++) {
                    Thread.ofVirtual().start(() -> {
                        while (true) {
                            CompletableFuture<Integer> done = committer.submit(next.getAndIncrement(), 1);
                            acked(done.join());
                        }
                    });
                }
                Thread.sleep(Long.MAX_VALUE);
            }
            case "journal" -> {
                RedoJournal<Integer> journal = recoverJournal(datastore, dir);
                GroupCommitter<Integer, Integer> committer = new GroupCommitter<>("probe", datastore.transactions(),
                        DurableWriterMain::merge, new GroupCommitter.Limits(1000, 1_000_000, 100, 1_000_000,
                                Duration.ofMillis(2), Duration.ZERO), journal);
                AtomicInteger next = new AtomicInteger(start);
                for (int t = 0; t < 8; t++) {
                    Thread.ofVirtual().start(() -> {
                        while (true) {
                            CompletableFuture<Integer> done = committer.submit(next.getAndIncrement(), 1);
                            acked(done.join());
                        }
                    });
                }
                Thread.sleep(Long.MAX_VALUE);
            }
            default -> throw new IllegalArgumentException(mode);
        }
    }

    /** Idempotent, like agent input: a replayed id changes nothing. */
    static List<Integer> merge(org.jdbi.v3.core.Handle h, List<Integer> ids) {
        var batch = h.prepareBatch("MERGE INTO durability_probe KEY (id) VALUES (:id, :body)");
        ids.forEach(id -> batch.bind("id", id).bind("body", "y".repeat(150)).add());
        batch.execute();
        return List.copyOf(ids);
    }

    /** Opens the probe's journal and applies what it holds from before a kill, as the server does at start. */
    static RedoJournal<Integer> recoverJournal(Datastore datastore, Path dir) {
        RedoJournal<Integer> journal = RedoJournal.forDatastore(datastore, dir.resolve("probe.redo"), new IntCodec());
        for (List<Integer> group : journal.recover()) {
            datastore.transactions().inTransaction(h -> merge(h, group));
        }
        journal.checkpoint();
        return journal;
    }

    private static final class IntCodec implements RedoJournal.Codec<Integer> {
        @Override
        public byte[] encode(List<Integer> group) {
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(Integer.BYTES * group.size());
            group.forEach(bytes::putInt);
            return bytes.array();
        }

        @Override
        public List<Integer> decode(byte[] record) {
            java.nio.IntBuffer ints = java.nio.ByteBuffer.wrap(record).asIntBuffer();
            List<Integer> group = new java.util.ArrayList<>();
            while (ints.hasRemaining()) {
                group.add(ints.get());
            }
            return group;
        }
    }

    private static synchronized void acked(int id) {
        System.out.println("acked " + id);
        System.out.flush();
    }
}
