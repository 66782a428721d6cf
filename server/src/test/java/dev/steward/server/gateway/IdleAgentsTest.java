package dev.steward.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A check-in that finds nothing to do reads nothing, until some work changes or the memory runs out. */
class IdleAgentsTest {
    private final SteppedClock clock = new SteppedClock();
    private final IdleAgents idle = new IdleAgents(clock);
    private final AtomicInteger reads = new AtomicInteger();
    private final List<String> outstanding = new ArrayList<>();

    private List<String> pending(String agentId) {
        return idle.pending(agentId, () -> {
            reads.incrementAndGet();
            return List.copyOf(outstanding);
        }, List.of());
    }

    @Test
    void nothingOutstandingIsRememberedUntilWorkChanges() {
        assertThat(pending("a")).isEmpty();
        assertThat(pending("a")).isEmpty();
        assertThat(reads).as("the second check-in read nothing").hasValue(1);

        outstanding.add("run-1");
        idle.workChanged(Set.of("b"));
        assertThat(pending("a")).as("any change makes every agent ask again").containsExactly("run-1");
        assertThat(pending("a")).as("work found is never remembered").containsExactly("run-1");
        assertThat(reads).hasValue(3);
    }

    @Test
    void aChangeDuringTheReadIsNotHiddenByIt() {
        // The read saw the datastore before the new job committed; the job's listener fires during the read.
        idle.pending("a", () -> {
            reads.incrementAndGet();
            idle.workChanged(Set.of("a"));
            return List.<String>of();
        }, List.of());
        outstanding.add("run-1");
        assertThat(pending("a")).containsExactly("run-1");
    }

    @Test
    void nothingIsRememberedLongerThanTheBound() {
        pending("a");
        clock.advance(IdleAgents.REMEMBERED_FOR.minusMillis(1));
        pending("a");
        assertThat(reads).hasValue(1);
        // Work created on another node is never reported here: it is found after the bound.
        outstanding.add("run-from-another-node");
        clock.advance(Duration.ofMillis(1));
        assertThat(pending("a")).containsExactly("run-from-another-node");
    }

    @Test
    void eachAgentIsRememberedOnItsOwn() {
        pending("a");
        outstanding.add("run-1");
        assertThat(pending("b")).containsExactly("run-1");
        assertThat(pending("a")).as("still known idle: nothing changed that was reported").isEmpty();
    }

    /** A clock that moves only when told. */
    private static final class SteppedClock extends Clock {
        private Instant now = Instant.parse("2026-12-04T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
