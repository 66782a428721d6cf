package dev.steward.server.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.steward.protocol.Wire;
import dev.steward.server.http.ApiException;
import dev.steward.server.http.Names;
import dev.steward.server.identity.Permission;
import dev.steward.server.identity.Principal;
import dev.steward.server.job.JobService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Schedules of the caller's tenant: create, list, show, pause, resume, delete. The {@link Scheduler} fires them. */
public final class ScheduleService {
    static final int SHOWN_FIRES = 20;

    private final ScheduleStore store;
    private final JobService jobs;
    private final Clock clock;

    public ScheduleService(ScheduleStore store, JobService jobs, Clock clock) {
        this.store = store;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** A job request plus when: {@code cron} (with {@code time_zone}) or {@code at}, not both. */
    public record CreateRequest(String name, String module, String project, String runbook, List<String> targets,
            List<String> teams, String selector, String cron, String timeZone, Instant at) {
        JobService.RunRequest job() {
            return new JobService.RunRequest(module, project, runbook, targets, teams, selector);
        }
    }

    public ScheduleView create(Principal caller, CreateRequest request) {
        caller.require(Permission.RUN_JOBS);
        String name = Names.require("name", request.name());
        if ((request.cron() == null) == (request.at() == null)) {
            throw ApiException.badRequest("cron", "give exactly one of 'cron' (recurring, with optional 'time_zone') and 'at' (once)");
        }
        Instant now = clock.instant();
        Instant next;
        if (request.cron() != null) {
            next = CronTiming.parse(request.cron(), request.timeZone()).next(now)
                    .orElseThrow(() -> ApiException.badRequest("cron", "cron: '" + request.cron() + "' never fires"));
        } else {
            if (request.timeZone() != null) {
                throw ApiException.badRequest("time_zone", "time_zone only applies to 'cron'; 'at' is an instant (e.g. 2026-11-24T10:00:00Z)");
            }
            if (!request.at().isAfter(now)) {
                throw ApiException.badRequest("at", "at: " + request.at() + " is in the past (now is " + now + ")");
            }
            next = request.at();
        }
        jobs.check(caller, request.job());
        if (store.byName(caller.tenantId(), name).isPresent()) {
            throw ApiException.conflict("schedule '" + name + "' already exists");
        }
        String zone = request.cron() == null ? null : request.timeZone() == null ? "UTC" : request.timeZone();
        store.insert(new Schedule(UUID.randomUUID().toString(), caller.tenantId(), name, encode(request.job()), request.cron(),
                zone, request.at(), false, next, null, null, caller.tokenId(), caller.role().name(), now));
        return show(caller, name);
    }

    public List<ScheduleView> list(Principal caller) {
        caller.require(Permission.VIEW);
        return store.all(caller.tenantId()).stream().map(s -> view(s, List.of())).toList();
    }

    public ScheduleView show(Principal caller, String name) {
        caller.require(Permission.VIEW);
        Schedule s = find(caller.tenantId(), name);
        return view(s, store.fires(s.id(), SHOWN_FIRES));
    }

    public ScheduleView pause(Principal caller, String name) {
        caller.require(Permission.RUN_JOBS);
        Schedule s = find(caller.tenantId(), name);
        store.setPaused(s.id(), true, s.nextFireAt());
        return show(caller, name);
    }

    /**
     * Resumes from now: ticks that passed while paused are not made up (pausing means "don't run"), and a
     * one-shot whose time passed while paused is refused rather than run late.
     */
    public ScheduleView resume(Principal caller, String name) {
        caller.require(Permission.RUN_JOBS);
        Schedule s = find(caller.tenantId(), name);
        if (!s.paused()) {
            return show(caller, name);
        }
        Instant now = clock.instant();
        if (s.cron() == null && s.nextFireAt() != null && !s.nextFireAt().isAfter(now)) {
            throw ApiException.conflict("schedule '" + name + "' was to run once at " + s.nextFireAt()
                    + ", which passed while it was paused; delete it and create a new one");
        }
        Instant next = s.cron() != null ? CronTiming.parse(s.cron(), s.timeZone()).next(now).orElse(null) : s.nextFireAt();
        store.setPaused(s.id(), false, next);
        return show(caller, name);
    }

    public void delete(Principal caller, String name) {
        caller.require(Permission.RUN_JOBS);
        store.delete(find(caller.tenantId(), name).id());
    }

    private Schedule find(String tenantId, String name) {
        return store.byName(tenantId, name).orElseThrow(() -> ApiException.notFound("no schedule named '" + name
                + "' in this tenant; see 'steward schedules list'"));
    }

    static String encode(JobService.RunRequest request) {
        try {
            return Wire.json().writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JobService.RunRequest decode(String json) {
        try {
            return Wire.json().readValue(json, JobService.RunRequest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored schedule request is unreadable", e);
        }
    }

    private static ScheduleView view(Schedule s, List<ScheduleStore.Fire> fires) {
        JobService.RunRequest r = decode(s.request());
        String kind = r.module() != null ? "module" : r.project() != null ? "project" : "runbook";
        String target = r.module() != null ? r.module() : r.project() != null ? r.project() : r.runbook();
        return new ScheduleView(s.id(), s.name(), kind, target, r.targets(), r.teams(), r.selector(), s.cron(), s.timeZone(),
                s.runAt(), s.paused(), s.nextFireAt(), s.lastFiredAt(), s.lastJobId(), s.createdAt(),
                fires.stream().map(f -> new ScheduleView.FireView(f.tick(), f.firedAt(), f.node(), f.jobId(), f.missedTicks(),
                        f.note())).toList());
    }
}
