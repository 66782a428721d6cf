package dev.steward.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.server.SteppedClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which check-ins and contacts are written: enough to keep "last seen" inside the online window, no more. */
class CheckInWritesTest {
    private final SteppedClock clock = new SteppedClock();
    private final AgentRegistry registry = new AgentRegistry(null, null, clock);
    private final AgentRecord agent = new AgentRecord("a-1", "t-1", "web-1", "fp", Instant.EPOCH, null, null, "poll", 1,
            null, null, null, AgentSettings.NONE, java.util.Map.of(), null);

    @Test
    void aCheckInThatChangesNothingIsWrittenAtMostEveryInterval() {
        assertThat(registry.checkIn(agent, "web-1", "linux", "1.0", 1)).as("the first this node sees").isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(registry.checkIn(agent, "web-1", "linux", "1.0", 1)).isEmpty();
        clock.advance(AgentRegistry.CHECK_IN_WRITE_INTERVAL.minusSeconds(1).minusMillis(1));
        assertThat(registry.checkIn(agent, "web-1", "linux", "1.0", 1)).as("just inside the interval").isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(registry.checkIn(agent, "web-1", "linux", "1.0", 1)).as("the interval has passed").get()
                .extracting(CheckInRow::at).isEqualTo(clock.instant());
        clock.advance(Duration.ofSeconds(1));
        assertThat(registry.checkIn(agent, "web-1", "linux", "1.0", 1)).as("counted from the last write").isEmpty();
    }

    @Test
    void changedDetailsAreWrittenAtOnce() {
        registry.checkIn(agent, "web-1", "linux", "1.0", 1);
        assertThat(registry.checkIn(agent, "web-1", "linux", "1.1", 1)).as("new version").isPresent();
        assertThat(registry.checkIn(agent, "web-2", "linux", "1.1", 1)).as("new hostname").isPresent();
        assertThat(registry.checkIn(agent, "web-2", "bsd", "1.1", 1)).as("new OS").isPresent();
        assertThat(registry.checkIn(agent, "web-2", "bsd", "1.1", 60)).as("new interval").isPresent();
        assertThat(registry.checkIn(agent, "web-2", "bsd", "1.1", 60)).as("nothing new").isEmpty();
    }

    @Test
    void aFailedWriteIsNotCountedAsWritten() {
        registry.checkIn(agent, "web-1", "linux", "1.0", 1);
        registry.writeFailed(agent.id());
        assertThat(registry.checkIn(agent, "web-1", "linux", "1.0", 1)).isPresent();
    }

    @Test
    void aWrittenCheckInCountsAsContactAndContactAloneDoesNotStandForACheckIn() {
        registry.checkIn(agent, "web-1", "linux", "1.0", 1);
        assertThat(registry.contactDue(agent)).as("a check-in was just written").isEmpty();
        clock.advance(AgentRegistry.CONTACT_WRITE_INTERVAL);
        assertThat(registry.contactDue(agent)).isPresent();
        // The contact moved the write time, but a check-in's details were last written long ago: unchanged
        // details, so the contact's write is recent enough.
        assertThat(registry.checkIn(agent, "web-1", "linux", "1.0", 1)).isEmpty();

        AgentRecord other = new AgentRecord("a-2", "t-1", "web-2", "fp2", Instant.EPOCH, null, null, "poll", 1, null, null,
                null, AgentSettings.NONE, java.util.Map.of(), null);
        assertThat(registry.contactDue(other)).isPresent();
        assertThat(registry.checkIn(other, "web-2", "linux", "1.0", 1)).as("no check-in details written yet").isPresent();
    }
}
