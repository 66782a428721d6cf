package dev.steward.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

/**
 * The fan-out's datastore work alone, on each embedded engine, without HTTP, TLS or Steward's services:
 * the statements one job of N runs costs the server (create the runs, mark them offered, then per group of
 * agent batches: started, result, task row, one durable commit). It answers "how fast can this engine do
 * what the fan-out asks of it", which the fan-out benchmark cannot separate from everything else.
 *
 * <p>{@code bench/run engines [--runs 10000] [--group 2000] [--rounds 3] [--prefill 0] [--engines h2,sqlite]
 * [--schema full|lean] [--started separate|merged]}. Each engine gets a fresh file under the run directory;
 * {@code --prefill} stores that many finished runs (in jobs of 10,000) before the timed rounds. Durable
 * means: H2 stores and forces the file after each group ({@code DurableCommits.sync}); SQLite runs in WAL
 * mode with {@code synchronous=FULL} (its commit returns after the WAL is fsynced). CPU is the benchmark
 * process's CPU time, so it includes the engines' background threads.
 */
final class EngineBench {
    private static final int PREFILL_JOB = 10_000;

    private EngineBench() {
    }

    static void run(Lab lab, Path work, Args flags) throws Exception {
        int runs = flags.integer("--runs", 10_000);
        int group = flags.integer("--group", 2_000);
        int rounds = flags.integer("--rounds", 3);
        int prefill = flags.integer("--prefill", 0);
        boolean lean = flags.get("--schema", "full").equals("lean");
        boolean merged = flags.get("--started", "separate").equals("merged");
        List<String> engines = List.of(flags.get("--engines", "h2,sqlite").split(","));
        Report report = lab.report;
        report.note("Datastore work of one fan-out job of " + runs + " runs, groups of " + group
                + " agent batches, one durable commit per group; schema " + (lean ? "lean" : "full (as migrated today)")
                + ", started notices " + (merged ? "merged into the result" : "a separate update") + "; "
                + prefill + " finished runs stored before the first round.");
        report.line("| engine | round | create runs | offer | results | total | process CPU | CPU per run | file size |");
        report.line("|---|---|---|---|---|---|---|---|---|");
        for (String engine : engines) {
            Path dir = lab.runDir.resolve("engine-" + engine);
            Files.createDirectories(dir);
            try (Engine db = Engine.open(engine.trim(), dir, lean)) {
                if (prefill > 0) {
                    long t0 = System.nanoTime();
                    for (int done = 0; done < prefill; done += PREFILL_JOB) {
                        round(db, Math.min(PREFILL_JOB, prefill - done), Math.min(PREFILL_JOB, prefill - done), merged);
                    }
                    System.err.printf(Locale.ROOT, "engines: %s prefilled %d runs in %.1f s%n", engine, prefill,
                            (System.nanoTime() - t0) / 1e9);
                }
                for (int r = 1; r <= rounds; r++) {
                    Timings t = round(db, runs, group, merged);
                    report.line(String.format(Locale.ROOT, "| %s | %d | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.3f ms | %s |",
                            engine, r, t.createMs, t.offerMs, t.resultsMs, t.createMs + t.offerMs + t.resultsMs,
                            t.cpuMs, t.cpuMs / runs, Report.kb(db.size())));
                }
            }
        }
    }

    private record Timings(double createMs, double offerMs, double resultsMs, double cpuMs) {
    }

    /** One job: its runs created, offered, started and finished, the way the server's writes arrive. */
    private static Timings round(Engine db, int runs, int group, boolean merged) throws SQLException {
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        String job = UUID.randomUUID().toString();
        String tenant = "tenant";
        List<String> ids = new ArrayList<>(runs);
        for (int i = 0; i < runs; i++) {
            ids.add(timeOrdered(i));
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Connection c = db.connection;
        try (PreparedStatement insJob = c.prepareStatement(
                "INSERT INTO jobs (id, tenant_id, module_id, created_by, created_at, kind, name) VALUES (?,?,?,?,?,?,?)");
             PreparedStatement insRun = c.prepareStatement("""
                     INSERT INTO runs (id, job_id, tenant_id, agent_id, status, created_at, module_id, step, position,
                                       step_continue, module_continue) VALUES (?,?,?,?,?,?,?,?,?,?,?)""")) {
            insJob.setString(1, job);
            insJob.setString(2, tenant);
            insJob.setString(3, "module");
            insJob.setString(4, "admin");
            db.time(insJob, 5, now);
            insJob.setString(6, "module");
            insJob.setString(7, "bench");
            insJob.executeUpdate();
            for (int i = 0; i < runs; i++) {
                insRun.setString(1, ids.get(i));
                insRun.setString(2, job);
                insRun.setString(3, tenant);
                insRun.setString(4, agent(i));
                insRun.setString(5, "pending");
                db.time(insRun, 6, now);
                insRun.setString(7, "module");
                insRun.setInt(8, 0);
                insRun.setInt(9, 0);
                insRun.setBoolean(10, false);
                insRun.setBoolean(11, false);
                insRun.addBatch();
            }
            insRun.executeBatch();
        }
        db.durableCommit();
        long t1 = System.nanoTime();
        try (PreparedStatement offer = c.prepareStatement("UPDATE runs SET offered_at = ? WHERE id = ? AND offered_at IS NULL")) {
            for (String id : ids) {
                db.time(offer, 1, now);
                offer.setString(2, id);
                offer.addBatch();
            }
            offer.executeBatch();
        }
        db.durableCommit();
        long t2 = System.nanoTime();
        try (PreparedStatement lock = c.prepareStatement("SELECT status, agent_id, finished_at FROM runs WHERE id = ?" + db.forUpdate());
             PreparedStatement started = c.prepareStatement("""
                     UPDATE runs SET status = 'running', started_at = ?, delivered_at = COALESCE(delivered_at, ?)
                     WHERE id = ? AND agent_id = ? AND status IN ('pending', 'delivered')""");
             PreparedStatement result = c.prepareStatement("""
                     UPDATE runs SET status = ?, started_at = COALESCE(started_at, ?), delivered_at = COALESCE(delivered_at, ?),
                            finished_at = ?, error = COALESCE(error, ?) WHERE id = ?""");
             PreparedStatement task = c.prepareStatement("""
                     INSERT INTO task_results (run_id, seq, name, status, exit_code, stdout, stderr, started_at, finished_at)
                     VALUES (?,?,?,?,?,?,?,?,?)""")) {
            for (int from = 0; from < runs; from += group) {
                int to = Math.min(runs, from + group);
                OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
                if (!merged) {
                    for (int i = from; i < to; i++) {
                        db.time(started, 1, at);
                        db.time(started, 2, at);
                        started.setString(3, ids.get(i));
                        started.setString(4, agent(i));
                        started.addBatch();
                    }
                    started.executeBatch();
                }
                for (int i = from; i < to; i++) {
                    lock.setString(1, ids.get(i));
                    try (var rs = lock.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalStateException("run " + ids.get(i) + " is missing");
                        }
                    }
                }
                for (int i = from; i < to; i++) {
                    result.setString(1, "succeeded");
                    db.time(result, 2, at);
                    db.time(result, 3, at);
                    db.time(result, 4, at);
                    result.setString(5, null);
                    result.setString(6, ids.get(i));
                    result.addBatch();
                    task.setString(1, ids.get(i));
                    task.setInt(2, 0);
                    task.setString(3, "hello");
                    task.setString(4, "succeeded");
                    task.setInt(5, 0);
                    task.setString(6, "hello from agent " + i + "\n");
                    task.setString(7, "");
                    db.time(task, 8, at);
                    db.time(task, 9, at);
                    task.addBatch();
                }
                result.executeBatch();
                task.executeBatch();
                db.durableCommit();
            }
        }
        long t3 = System.nanoTime();
        long cpu = processCpuNanos() - cpu0;
        return new Timings((t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, cpu / 1e6);
    }

    private static long sequence;

    /** Time-ordered ids, as the server makes them (a job's runs are neighbours in the B-trees). */
    private static String timeOrdered(int i) {
        return String.format(Locale.ROOT, "%016x-%08x", System.currentTimeMillis(), sequence++);
    }

    private static String agent(int i) {
        return String.format(Locale.ROOT, "agent-%08d", i);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** One engine's connection and its way of making a commit durable. */
    private abstract static class Engine implements AutoCloseable {
        final Connection connection;
        final Path file;

        Engine(Connection connection, Path file) throws SQLException {
            this.connection = connection;
            this.file = file;
            connection.setAutoCommit(false);
        }

        static Engine open(String name, Path dir, boolean lean) throws SQLException {
            Engine engine = switch (name) {
                case "h2" -> new H2(dir);
                case "sqlite" -> new Sqlite(dir);
                default -> throw new IllegalArgumentException("--engines takes h2 and/or sqlite, got '" + name + "'");
            };
            engine.createSchema(lean);
            return engine;
        }

        abstract void durableCommit() throws SQLException;

        abstract void time(PreparedStatement statement, int index, OffsetDateTime value) throws SQLException;

        String forUpdate() {
            return "";
        }

        String timeType() {
            return "TIMESTAMP WITH TIME ZONE";
        }

        long size() {
            try (var files = Files.list(file.getParent())) {
                return files.mapToLong(p -> p.toFile().length()).sum();
            } catch (java.io.IOException e) {
                return -1;
            }
        }

        /** The runs and task_results tables with the columns and indexes the migrations give them today. */
        void createSchema(boolean lean) throws SQLException {
            String ts = timeType();
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE jobs (id VARCHAR(36) PRIMARY KEY, tenant_id VARCHAR(36) NOT NULL, module_id VARCHAR(36) NOT NULL,"
                        + " created_by VARCHAR(36) NOT NULL, created_at " + ts + " NOT NULL, kind VARCHAR(16), name VARCHAR(128))");
                s.execute("CREATE INDEX jobs_by_tenant ON jobs (tenant_id, created_at)");
                s.execute("CREATE TABLE runs (id VARCHAR(36) PRIMARY KEY, job_id VARCHAR(36) NOT NULL, tenant_id VARCHAR(36) NOT NULL,"
                        + " agent_id VARCHAR(36) NOT NULL, status VARCHAR(16) NOT NULL, created_at " + ts + " NOT NULL,"
                        + " delivered_at " + ts + ", started_at " + ts + ", finished_at " + ts + ", error VARCHAR(1024),"
                        + " offered_at " + ts + ", module_id VARCHAR(36) NOT NULL, step INTEGER DEFAULT 0 NOT NULL,"
                        + " position INTEGER DEFAULT 0 NOT NULL, step_continue BOOLEAN DEFAULT FALSE NOT NULL,"
                        + " module_continue BOOLEAN DEFAULT FALSE NOT NULL, resources " + textType() + ")");
                s.execute("CREATE INDEX runs_by_agent_status ON runs (agent_id, status)");
                s.execute("CREATE INDEX runs_by_job_step ON runs (job_id, step, status)");
                s.execute("CREATE INDEX runs_by_finished_at ON runs (finished_at)");
                if (!lean) {
                    s.execute("CREATE INDEX runs_by_job ON runs (job_id)");
                    s.execute("CREATE INDEX runs_waiting_by_job ON runs (job_id, status)");
                    s.execute("CREATE INDEX runs_by_job_agent ON runs (job_id, agent_id)");
                    // H2 adds an index for each foreign key the migrations declare (tenant_id, module_id).
                    s.execute("CREATE INDEX runs_by_tenant ON runs (tenant_id)");
                    s.execute("CREATE INDEX runs_by_module ON runs (module_id)");
                } else {
                    s.execute("CREATE INDEX runs_by_job_agent ON runs (job_id, agent_id)");
                }
                s.execute("CREATE TABLE task_results (run_id VARCHAR(36) NOT NULL, seq INTEGER NOT NULL, name VARCHAR(128) NOT NULL,"
                        + " status VARCHAR(16) NOT NULL, exit_code INTEGER, stdout " + textType() + ", stderr " + textType() + ","
                        + " started_at " + ts + ", finished_at " + ts + ", PRIMARY KEY (run_id, seq))");
            }
            connection.commit();
        }

        String textType() {
            return "CLOB";
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }

    private static final class H2 extends Engine {
        H2(Path dir) throws SQLException {
            super(DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("steward").toAbsolutePath()
                    + ";CACHE_SIZE=65536;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=2000", "steward", ""), dir.resolve("steward.mv.db"));
        }

        @Override
        void durableCommit() throws SQLException {
            connection.commit();
            MVStore store = ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore().getMvStore();
            store.commit();
            FileStore<?> fileStore = store.getFileStore();
            fileStore.executeFileStoreOperation(fileStore::sync);
        }

        @Override
        void time(PreparedStatement statement, int index, OffsetDateTime value) throws SQLException {
            statement.setObject(index, value);
        }

        @Override
        String forUpdate() {
            return " FOR UPDATE";
        }
    }

    private static final class Sqlite extends Engine {
        Sqlite(Path dir) throws SQLException {
            super(DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("steward.db").toAbsolutePath()), dir.resolve("steward.db"));
            connection.setAutoCommit(true);
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA cache_size=-65536");
                s.execute("PRAGMA foreign_keys=ON");
            }
            connection.setAutoCommit(false);
        }

        @Override
        void durableCommit() throws SQLException {
            connection.commit(); // WAL + synchronous=FULL: the WAL is fsynced before commit returns
        }

        @Override
        void time(PreparedStatement statement, int index, OffsetDateTime value) throws SQLException {
            statement.setLong(index, value.toInstant().toEpochMilli() * 1000);
        }

        @Override
        String timeType() {
            return "INTEGER";
        }

        @Override
        String textType() {
            return "TEXT";
        }
    }
}
