package dev.steward.server.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.steward.server.http.ApiException;
import dev.steward.server.http.Printable;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A cron expression in a time zone (cron-utils does the calendar work, DST included). Five fields are
 * classic Unix cron ({@code 0 3 * * 1-5}); six put seconds first ({@code *&#47;30 * * * * *}), as Spring does.
 */
public final class CronTiming {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser WITH_SECONDS = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));

    private final ExecutionTime times;
    private final ZoneId zone;

    private CronTiming(ExecutionTime times, ZoneId zone) {
        this.times = times;
        this.zone = zone;
    }

    public static CronTiming parse(String expression, String timeZone) {
        if (expression == null || expression.isBlank()) {
            throw ApiException.badRequest("cron", "cron: expected an expression such as '0 3 * * *' (minute hour day month weekday)");
        }
        ZoneId zone;
        try {
            zone = timeZone == null || timeZone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw ApiException.badRequest("time_zone", "time_zone: unknown time zone '" + Printable.clip(timeZone, 64)
                    + "'; use a region name such as Europe/Amsterdam or UTC");
        }
        String trimmed = expression.trim();
        int fields = trimmed.split("\\s+").length;
        if (fields != 5 && fields != 6) {
            throw ApiException.badRequest("cron", "cron: expected 5 fields (minute hour day month weekday) or 6 (seconds first), got "
                    + fields + " in '" + Printable.clip(trimmed, 128) + "'");
        }
        try {
            Cron cron = (fields == 5 ? UNIX : WITH_SECONDS).parse(trimmed).validate();
            return new CronTiming(ExecutionTime.forCron(cron), zone);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("cron", "cron: '" + Printable.clip(trimmed, 128) + "' is not valid: " + e.getMessage());
        }
    }

    /** The first tick strictly after {@code after}. */
    public Optional<Instant> next(Instant after) {
        return times.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
    }

    /**
     * The ticks from {@code first} (a tick) up to {@code now}: how many there were (at most {@code cap}) and
     * the latest one.
     */
    public Due due(Instant first, Instant now, int cap) {
        Instant latest = first;
        int count = 1;
        for (Optional<Instant> tick = next(first); tick.isPresent() && !tick.get().isAfter(now) && count < cap; tick = next(tick.get())) {
            latest = tick.get();
            count++;
        }
        if (count == cap) {
            // Too many to walk (a per-second schedule after a long outage): jump to the last one before now.
            Optional<Instant> last = times.lastExecution(ZonedDateTime.ofInstant(now, zone)).map(ZonedDateTime::toInstant);
            if (last.isPresent() && last.get().isAfter(latest)) {
                latest = last.get();
            }
        }
        return new Due(count, latest);
    }

    public record Due(int count, Instant latest) {
    }
}
