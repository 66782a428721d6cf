package dev.steward.server.fleet;

import dev.steward.protocol.Fingerprint;
import dev.steward.server.http.ApiException;
import dev.steward.server.store.VersionedCache;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fleet as other capabilities see it: who an agent is (from its certificate, never from a request
 * field), whether it may talk to us, and which agents a target list names.
 */
public final class AgentRegistry {
    /** An agent is online when it has been heard from within two poll intervals plus this grace. */
    private static final Duration ONLINE_GRACE = Duration.ofSeconds(30);

    /**
     * How long this node trusts what it read of an agent's certificate and settings. A revocation or a
     * settings change made here takes effect at once (the caches are told); one made on another node, or one
     * whose notification a failure cut short, is seen within this time.
     */
    static final Duration CACHED_FOR = Duration.ofSeconds(5);

    private final AgentStore store;
    private final AgentSettingsStore settings;
    private final Clock clock;
    /**
     * The enrolled agent each certificate belongs to: a check-in would otherwise hash its certificate and
     * read the agent row every time (a quarter of a check-in's cost at 10,000 agents polling every second).
     * Keyed by the certificate itself: equal certificates are equal encodings, and its hash is computed once.
     * Every revocation made here counts as a change.
     */
    private final VersionedCache<X509Certificate, AgentRecord> identified;
    /** Effective settings by agent id; every settings change this node hears of counts as a change. */
    private final VersionedCache<String, AgentSettings> effectiveSettings;
    private volatile ConnectionDirectory connections = ConnectionDirectory.NONE;

    /**
     * How stale a stored last-seen time may be when an agent sends notices or results without checking in;
     * a push agent's status comes from its live connection.
     */
    static final Duration CONTACT_WRITE_INTERVAL = Duration.ofSeconds(60);
    /**
     * How stale it may be for a check-in that changes nothing else (same hostname, OS, version and
     * interval as this node last wrote). A check-in is written when it is the first this node sees of the
     * agent, when its details changed, or when the last write is older than this: far inside the online
     * window (two intervals plus {@link #ONLINE_GRACE}, and a stored time is at most this plus one
     * interval old), and 10,000 agents polling every second cost ~670 writes/s instead of 10,000.
     */
    static final Duration CHECK_IN_WRITE_INTERVAL = Duration.ofSeconds(15);
    /** What this node last wrote of each agent's contact; one small entry per agent that ever made contact. */
    private final java.util.Map<String, Written> written = new java.util.concurrent.ConcurrentHashMap<>();

    /** When an agent's contact was last written here, and the check-in details written last (null: none yet). */
    private record Written(Instant at, CheckInRow checkIn) {
    }

    public AgentRegistry(AgentStore store, AgentSettingsStore settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.identified = new VersionedCache<>(clock, CACHED_FOR, MAX_CACHED_AGENTS);
        this.effectiveSettings = new VersionedCache<>(clock, CACHED_FOR, MAX_CACHED_AGENTS);
    }

    /** Entries per cache: every agent of a large node, at a few hundred bytes each. */
    private static final long MAX_CACHED_AGENTS = 200_000;

    /**
     * The agent's effective server-held settings (its own over its tenant's defaults), read fresh by id:
     * callers may hold an agent record from long ago (a push connection keeps the one it opened with).
     */
    public AgentSettings settings(String agentId) {
        return effectiveSettings.get(agentId, settings::effective);
    }

    /** Settings of these agents changed (told before connected agents are sent them, so they get the new ones). */
    public void settingsChanged(java.util.Collection<String> agentIds) {
        effectiveSettings.changed();
    }

    /** Each agent's output limit where one is set (own or tenant default); absent means the protocol default. */
    public java.util.Map<String, Integer> outputLimits(List<String> agentIds) {
        java.util.Map<String, Integer> limits = new java.util.HashMap<>();
        settings.effective(agentIds).forEach((id, s) -> {
            if (s.outputLimitBytes() != null) {
                limits.put(id, s.outputLimitBytes());
            }
        });
        return limits;
    }

    AgentSettingsStore settingsStore() {
        return settings;
    }

    /** The gateway registers itself here once it exists (it needs the registry first). */
    public void useConnections(ConnectionDirectory directory) {
        this.connections = directory;
    }

    ConnectionDirectory connections() {
        return connections;
    }

    /** Adds a newly enrolled agent; false when the tenant already has an enrolled agent of that name. */
    public boolean register(AgentRecord agent, Instant certNotAfter) {
        return store.insert(agent, certNotAfter);
    }

    /**
     * The agent a verified client certificate belongs to. TLS already checked the chain to our CA; here
     * we check it is a certificate we issued to a still-enrolled agent. A revocation made on this node
     * takes effect at the next request; one made on another node within {@link #CACHED_FOR}. The record may
     * be that old (a push connection keeps the one it opened with for hours): read anything that changes
     * by id.
     */
    public AgentRecord identify(X509Certificate certificate) {
        AgentRecord agent = identified.get(certificate, cert -> store.findByFingerprint(Fingerprint.of(cert).value())
                .orElseThrow(() -> ApiException.forbidden("this client certificate does not belong to an enrolled agent")));
        if (agent.revoked()) {
            throw ApiException.forbidden("agent '" + agent.name() + "' was revoked at " + agent.revokedAt()
                    + "; re-enroll it with a new enrollment token and a fresh state directory");
        }
        return agent;
    }

    /** An agent's revocation and when it was recorded (by whichever node made it). */
    public record Revocation(String agentId, Instant at) {
    }

    /** Revocations recorded at or after {@code since}, for closing connections on every node. */
    public List<Revocation> revokedSince(Instant since) {
        return store.revokedSince(since);
    }

    /** Forget per-agent state kept in memory once the agent is revoked. */
    void forget(String agentId) {
        written.remove(agentId);
        identified.changed();
    }

    /**
     * The contact or check-in just handed out for writing was not stored (its group commit failed): the
     * next one is written whatever its age, so a failure does not leave the stored time stale for long.
     */
    public void writeFailed(String agentId) {
        written.remove(agentId);
    }

    /** False once the agent was revoked (or removed): checked when a push connection opens. */
    public boolean stillEnrolled(String agentId) {
        return store.isEnrolled(agentId);
    }

    /**
     * Whether this contact (the agent was heard from) is due to be written; if so, the caller writes it with
     * {@link #writeContacts}, e.g. in a group commit, and it counts as written from now. At most every
     * {@link #CONTACT_WRITE_INTERVAL} per agent: a run's notices and result each count as contact, and a write
     * per message would make the datastore the bottleneck of every fan-out, for a timestamp whose resolution
     * (online/offline) is minutes.
     */
    public java.util.Optional<Instant> contactDue(AgentRecord agent) {
        Instant now = clock.instant();
        Written last = written.get(agent.id());
        if (last != null && last.at().plus(CONTACT_WRITE_INTERVAL).isAfter(now)) {
            return java.util.Optional.empty();
        }
        written.put(agent.id(), new Written(now, last == null ? null : last.checkIn()));
        return java.util.Optional.of(now);
    }

    /**
     * The check-in to write in the caller's transaction (it counts as contact), or empty when it would only
     * move the stored time forward by less than {@link #CHECK_IN_WRITE_INTERVAL}.
     */
    public java.util.Optional<CheckInRow> checkIn(AgentRecord agent, String hostname, String os, String version,
            long pollIntervalSeconds) {
        Instant now = clock.instant();
        CheckInRow row = new CheckInRow(agent.id(), now, hostname, os, version, pollIntervalSeconds);
        Written last = written.get(agent.id());
        if (last != null && last.checkIn() != null && last.checkIn().sameDetails(row)
                && last.at().plus(CHECK_IN_WRITE_INTERVAL).isAfter(now)) {
            return java.util.Optional.empty();
        }
        written.put(agent.id(), new Written(now, row));
        return java.util.Optional.of(row);
    }

    /** Writes check-ins and contact times within the caller's transaction, one batch each. */
    public void writeContacts(org.jdbi.v3.core.Handle h, List<CheckInRow> checkIns,
            java.util.Map<String, Instant> contacts) {
        store.recordCheckIns(h, checkIns);
        store.recordContacts(h, contacts);
    }

    /** Resolves agent names within a tenant; unknown or revoked names are reported all at once. */
    public List<AgentRecord> resolveTargets(String tenantId, List<String> names) {
        java.util.Map<String, AgentRecord> byName = new java.util.HashMap<>();
        for (AgentRecord agent : store.findActiveByNames(tenantId, names)) {
            byName.put(agent.name(), agent);
        }
        List<AgentRecord> found = new ArrayList<>(names.size());
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            AgentRecord agent = byName.get(name);
            if (agent != null) {
                found.add(agent);
            } else {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            String shown = String.join(", ", missing.subList(0, Math.min(20, missing.size())))
                    + (missing.size() > 20 ? " and " + (missing.size() - 20) + " more" : "");
            throw ApiException.badRequest("targets", "no enrolled agent named " + shown
                    + " in this tenant; see 'steward agents list'");
        }
        return found;
    }

    /** The tenant's enrolled agents (for team rules and label selectors). */
    public List<AgentRecord> activeAgents(String tenantId) {
        return store.listActive(tenantId);
    }

    /** Where agents sit, by id: their name and primary team id (null: none). For trust evaluation. */
    public record Placement(String name, String primaryTeamId) {
    }

    public java.util.Map<String, Placement> placements(List<String> agentIds) {
        return store.placements(agentIds);
    }

    /** Enrolled agents whose labels match the selector. */
    public List<AgentRecord> select(String tenantId, LabelSelector selector) {
        return store.listActive(tenantId).stream().filter(a -> selector.matches(AgentLabels.effective(a))).toList();
    }

    /** An enrolled agent of the tenant by name, or a 404 naming it. */
    public AgentRecord activeByName(String tenantId, String name) {
        return store.findByName(tenantId, name).filter(a -> !a.revoked())
                .orElseThrow(() -> ApiException.notFound("no enrolled agent named '" + name + "' in this tenant; see 'steward agents list'"));
    }

    AgentView view(AgentRecord agent) {
        return view(agent, settings.defaults(agent.tenantId()));
    }

    AgentView view(AgentRecord agent, AgentSettings tenantDefaults) {
        Optional<ConnectionInfo> live = agent.revoked() ? Optional.empty() : connections.connection(agent.id());
        String status = live.isPresent() ? "online" : status(agent, clock.instant());
        String connection = live.isPresent() ? "persistent" : status.equals("online") ? "poll" : "offline";
        return new AgentView(agent.id(), agent.name(), status, live.isPresent() ? "push" : agent.mode(),
                agent.lastSeen(), agent.enrolledAt(), agent.pollIntervalSeconds(), agent.hostname(), agent.os(),
                agent.agentVersion(), connection, live.map(ConnectionInfo::connectedSince).orElse(null),
                live.map(ConnectionInfo::bytesSent).orElse(null), live.map(ConnectionInfo::bytesReceived).orElse(null),
                live.map(ConnectionInfo::node).orElse(null), agent.settings().over(agent.teamSettings().over(tenantDefaults)),
                AgentLabels.effective(agent), agent.primaryTeam() == null ? null : agent.primaryTeam().name());
    }

    static String status(AgentRecord agent, Instant now) {
        if (agent.revoked()) {
            return "revoked";
        }
        if (agent.lastSeen() == null) {
            return "offline";
        }
        Duration window = Duration.ofSeconds(agent.pollIntervalSeconds()).multipliedBy(2).plus(ONLINE_GRACE);
        return agent.lastSeen().plus(window).isAfter(now) ? "online" : "offline";
    }
}
