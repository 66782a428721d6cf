package dev.steward.server;

import dev.steward.protocol.Fingerprint;
import dev.steward.server.block.BlockRoutes;
import dev.steward.server.block.BlockService;
import dev.steward.server.catalog.CompositeRoutes;
import dev.steward.server.catalog.CompositeService;
import dev.steward.server.catalog.CompositeStore;
import dev.steward.server.folder.FolderRoutes;
import dev.steward.server.folder.FolderService;
import dev.steward.server.folder.FolderStore;
import dev.steward.server.gateway.ResourceDownloads;
import dev.steward.server.identity.AdminTokenRoutes;
import dev.steward.server.job.TargetResolver;
import dev.steward.server.resource.ResourceBlobs;
import dev.steward.server.resource.ResourceCollector;
import dev.steward.server.resource.ResourceRoutes;
import dev.steward.server.resource.ResourceService;
import dev.steward.server.resource.ResourceStore;
import dev.steward.server.retention.RetentionRoutes;
import dev.steward.server.retention.RetentionService;
import dev.steward.server.retention.RetentionStore;
import dev.steward.server.retention.RetentionSweeper;
import dev.steward.server.schedule.ScheduleRoutes;
import dev.steward.server.schedule.ScheduleService;
import dev.steward.server.schedule.ScheduleStore;
import dev.steward.server.schedule.Scheduler;
import dev.steward.server.team.TeamRoutes;
import dev.steward.server.team.TeamService;
import dev.steward.server.team.TeamStore;
import dev.steward.server.trust.TrustCleanup;
import dev.steward.server.trust.TrustGate;
import dev.steward.server.trust.TrustRoutes;
import dev.steward.server.trust.TrustService;
import dev.steward.server.trust.TrustSnapshots;
import dev.steward.server.trust.TrustStore;
import dev.steward.server.catalog.ModuleRoutes;
import dev.steward.server.catalog.ModuleService;
import dev.steward.server.catalog.ModuleStore;
import dev.steward.server.enrollment.EnrollTokenRoutes;
import dev.steward.server.enrollment.EnrollTokenService;
import dev.steward.server.enrollment.EnrollTokenStore;
import dev.steward.server.enrollment.EnrollmentService;
import dev.steward.server.fleet.AgentRegistry;
import dev.steward.server.fleet.AgentRoutes;
import dev.steward.server.fleet.AgentService;
import dev.steward.server.fleet.AgentSettingsStore;
import dev.steward.server.fleet.SettingsListener;
import dev.steward.server.gateway.IdleAgents;
import dev.steward.server.job.WorkListener;
import dev.steward.server.fleet.AgentStore;
import dev.steward.server.gateway.AgentGateway;
import dev.steward.server.gateway.AgentInputWriter;
import dev.steward.server.gateway.GatewayRoutes;
import dev.steward.server.gateway.PushRoutes;
import dev.steward.server.gateway.PushSessions;
import dev.steward.server.http.HttpServer;
import dev.steward.server.identity.AdminTokenService;
import dev.steward.server.identity.AdminTokenStore;
import dev.steward.server.inventory.InventoryRoutes;
import dev.steward.server.inventory.InventoryService;
import dev.steward.server.inventory.InventoryStore;
import dev.steward.server.job.AgentRunService;
import dev.steward.server.job.JobRoutes;
import dev.steward.server.job.JobService;
import dev.steward.server.job.JobStore;
import dev.steward.server.job.LiveOutputHub;
import dev.steward.server.pki.EnvironmentCa;
import dev.steward.server.pki.ServerTls;
import dev.steward.server.store.Datastore;
import dev.steward.server.store.H2Compaction;
import dev.steward.server.store.SqliteCompaction;
import dev.steward.server.store.SecretFiles;
import dev.steward.server.tenancy.ProviderBootstrap;
import dev.steward.server.tenancy.Tenant;
import dev.steward.server.tenancy.TenantRoutes;
import dev.steward.server.tenancy.TenantService;
import dev.steward.server.tenancy.TenantStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Wires one server node: datastore, environment CA, the capability services, and the HTTPS port. This
 * is the only class that knows every capability; capabilities know each other only through services.
 */
public final class StewardServer implements AutoCloseable {
    private final Datastore datastore;
    private final HttpServer http;
    private final EnvironmentCa ca;
    private final boolean firstStart;
    private final ServerConfig config;

    private final PushSessions pushSessions;
    private final Scheduler scheduler;
    private final AgentInputWriter agentInput;
    private final RetentionSweeper retention;

    private StewardServer(ServerConfig config, Datastore datastore, HttpServer http, EnvironmentCa ca, boolean firstStart,
            PushSessions pushSessions, Scheduler scheduler, AgentInputWriter agentInput, RetentionSweeper retention) {
        this.agentInput = agentInput;
        this.pushSessions = pushSessions;
        this.scheduler = scheduler;
        this.retention = retention;
        this.config = config;
        this.datastore = datastore;
        this.http = http;
        this.ca = ca;
        this.firstStart = firstStart;
    }

    public static StewardServer start(ServerConfig config) {
        Clock clock = Clock.systemUTC();
        SecretFiles.createPrivateDirectory(config.dataDir());
        H2Compaction.compactIfWasteful(config.datastore());
        SqliteCompaction.compactIfWasteful(config.datastore());
        Datastore datastore = Datastore.open(config.datastore());
        try {
            Jdbi jdbi = datastore.jdbi();
            EnvironmentCa ca = EnvironmentCa.loadOrCreate(config.dataDir(), clock);

            AdminTokenService adminTokens = new AdminTokenService(new AdminTokenStore(jdbi), clock);
            TenantStore tenantStore = new TenantStore(jdbi);
            TenantService tenants = new TenantService(tenantStore, adminTokens, clock);
            boolean firstStart = ProviderBootstrap.ensure(tenantStore, adminTokens, config.dataDir(), clock);

            AgentStore agentStore = new AgentStore(jdbi);
            AgentRegistry registry = new AgentRegistry(agentStore, new AgentSettingsStore(jdbi), clock);
            EnrollTokenStore enrollTokenStore = new EnrollTokenStore(jdbi);
            EnrollTokenService enrollTokens = new EnrollTokenService(enrollTokenStore, tenants, clock);
            EnrollmentService enrollment = new EnrollmentService(enrollTokenStore, registry, ca, clock);
            PushSessions pushSessions = new PushSessions(registry);
            registry.useConnections(pushSessions);
            // The registry's cache first: a connected agent is then sent the new settings, not the cached ones.
            SettingsListener settingsChanges = agentIds -> {
                registry.settingsChanged(agentIds);
                pushSessions.settingsChanged(agentIds);
            };

            TrustStore trustStore = new TrustStore(jdbi);
            TrustCleanup trustCleanup = new TrustCleanup(trustStore);
            FolderService folders = new FolderService(new FolderStore(jdbi), trustCleanup, clock);
            TeamService teams = new TeamService(new TeamStore(jdbi), folders, registry, settingsChanges, trustCleanup, clock);
            ResourceStore resourceStore = new ResourceStore(jdbi);
            ResourceBlobs resourceBlobs = new ResourceBlobs(config.dataDir());
            ResourceService resources = new ResourceService(resourceStore, resourceBlobs, folders, trustCleanup,
                    config.resourceMaxBytes(), clock);
            ModuleService modules = new ModuleService(new ModuleStore(jdbi), folders, resources, clock);
            CompositeService composites = new CompositeService(new CompositeStore(jdbi), modules, folders, clock);
            TrustSnapshots trustSnapshots = new TrustSnapshots(trustStore, folders, teams, registry, modules, resources,
                    tenants);
            TrustService trusts = new TrustService(trustStore, trustSnapshots, tenants, folders, teams, registry, modules,
                    resources, clock);

            JobStore jobStore = new JobStore(jdbi);
            LiveOutputHub liveOutput = new LiveOutputHub();
            AgentRunService agentRuns = new AgentRunService(jobStore, modules, registry, liveOutput,
                    new TrustGate(trustSnapshots, resources, tenants), clock);
            IdleAgents idleAgents = new IdleAgents(clock);
            WorkListener workChanges = WorkListener.inOrder(idleAgents, pushSessions);
            agentRuns.useWorkListener(workChanges);
            JobService jobs = new JobService(jobStore, modules, composites, new TargetResolver(registry, teams), workChanges,
                    liveOutput, clock);
            BlockService blocks = new BlockService(folders, modules, composites, resources, trusts, clock);
            ScheduleStore scheduleStore = new ScheduleStore(jdbi);
            ScheduleService schedules = new ScheduleService(scheduleStore, jobs, clock);
            AgentService agents = new AgentService(agentStore, registry, agentRuns::closeRunsOfRemovedAgent,
                    settingsChanges, datastore.transactions(), clock);
            RetentionStore retentionStore = new RetentionStore(jdbi);
            RetentionService retention = new RetentionService(retentionStore, tenants, clock);
            InventoryService inventory = new InventoryService(new InventoryStore(jdbi), registry, workChanges, clock);
            AgentInputWriter agentInput = AgentInputWriter.open(datastore, config.dataDir(), registry, agentRuns, inventory,
                    AgentInputWriter.defaultLimits(groupLinger(), benchmarkCommitDelay()));
            AgentGateway gateway = new AgentGateway(registry, agentRuns, inventory, agentInput, idleAgents);
            pushSessions.pendingFrom(gateway::pendingFor);
            pushSessions.newRunsFrom(agentRuns::assignNewRuns);

            HttpServer http = HttpServer.start(config.listenHost(), config.listenPort(),
                    ServerTls.contextFactory(ca, serverNames(config)), routes -> {
                        TenantRoutes.register(routes, adminTokens, tenants);
                        EnrollTokenRoutes.register(routes, adminTokens, enrollTokens);
                        AgentRoutes.register(routes, adminTokens, agents);
                        AdminTokenRoutes.register(routes, adminTokens);
                        FolderRoutes.register(routes, adminTokens, folders);
                        TeamRoutes.register(routes, adminTokens, teams);
                        ResourceRoutes.register(routes, adminTokens, resources);
                        ModuleRoutes.register(routes, adminTokens, modules);
                        CompositeRoutes.register(routes, adminTokens, composites);
                        TrustRoutes.register(routes, adminTokens, trusts);
                        ScheduleRoutes.register(routes, adminTokens, schedules);
                        BlockRoutes.register(routes, adminTokens, blocks);
                        JobRoutes.register(routes, adminTokens, jobs);
                        InventoryRoutes.register(routes, adminTokens, inventory);
                        RetentionRoutes.register(routes, adminTokens, retention);
                        GatewayRoutes.register(routes, enrollment, registry, gateway, new ResourceDownloads(agentRuns, resources));
                        PushRoutes.register(routes, config.pushEnabled(), registry, gateway, pushSessions, clock);
                    });
            pushSessions.nodeName(nodeName(http.port()));
            Scheduler scheduler = new Scheduler(scheduleStore, (owner, request) -> {
                if (!adminTokens.isActive(owner.tokenId())) {
                    throw new Scheduler.OwnerGone("the admin token that created this schedule was revoked; "
                            + "re-create the schedule with an active token");
                }
                return jobs.run(owner, request).id();
            }, clock, nodeName(http.port()));
            scheduler.start();
            pushSessions.startRevocationSweep(clock);
            RetentionSweeper sweeper = new RetentionSweeper(retentionStore, new ResourceCollector(resourceStore, resourceBlobs),
                    () -> tenantStore.list().stream().map(Tenant::id).toList(), clock, RetentionSweeper.Settings.DEFAULTS);
            sweeper.start();
            return new StewardServer(config, datastore, http, ca, firstStart, pushSessions, scheduler, agentInput, sweeper);
        } catch (RuntimeException e) {
            datastore.close();
            throw e;
        }
    }

    /**
     * Benchmarks only: a pause before every group commit of agent input, to simulate a slow datastore
     * ({@code -Dsteward.bench.commitDelayMs=N}, or the environment variable STEWARD_BENCH_COMMIT_DELAY_MS).
     */
    private static java.time.Duration benchmarkCommitDelay() {
        return millis("steward.bench.commitDelayMs", "STEWARD_BENCH_COMMIT_DELAY_MS", 0);
    }

    /**
     * How long the agent-input writer waits for more batches once it has one: a longer wait makes larger
     * groups (fewer commits and fsyncs, fewer rewritten pages) at the cost of that much latency per answer.
     * {@code STEWARD_GROUP_LINGER_MS}, default 20 (measured: BENCHMARKS.md).
     */
    private static java.time.Duration groupLinger() {
        return millis("steward.groupLingerMs", "STEWARD_GROUP_LINGER_MS", 20);
    }

    private static java.time.Duration millis(String property, String variable, long fallback) {
        String value = System.getProperty(property, System.getenv(variable));
        if (value == null || value.isBlank()) {
            return java.time.Duration.ofMillis(fallback);
        }
        try {
            return java.time.Duration.ofMillis(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be a number of milliseconds, got '" + value + "'");
        }
    }

    /** How agent input is being written (group commits, queue), for health and benchmarks. */
    public dev.steward.server.store.GroupCommitter.Stats agentInputStats() {
        return agentInput.stats();
    }

    /** Names in the server certificate: localhost, 127.0.0.1, the listen host and every --hostname. */
    static List<String> serverNames(ServerConfig config) {
        LinkedHashSet<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        if (!config.listenHost().equals("0.0.0.0") && !config.listenHost().equals("::")) {
            names.add(config.listenHost());
        }
        names.addAll(config.hostnames());
        return new ArrayList<>(names);
    }

    public int port() {
        return http.port();
    }

    public Fingerprint caFingerprint() {
        return ca.fingerprint();
    }

    public boolean firstStart() {
        return firstStart;
    }

    public ServerConfig config() {
        return config;
    }

    private static String nodeName(int port) {
        try {
            return java.net.InetAddress.getLocalHost().getHostName() + ":" + port;
        } catch (java.net.UnknownHostException e) {
            return "localhost:" + port;
        }
    }

    @Override
    public void close() {
        retention.close();
        scheduler.close();
        pushSessions.close();
        http.close();
        agentInput.close(); // after the port: requests still in flight get their answers
        datastore.close();
    }
}
