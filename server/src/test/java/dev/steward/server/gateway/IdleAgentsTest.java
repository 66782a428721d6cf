package dev.steward.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.protocol.ServerMessage;
import dev.steward.server.SteppedClock;
import java.time.Duration;
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
    private final List<ServerMessage> outstanding = new ArrayList<>();

    private List<ServerMessage> pending(String agentId) {
        return idle.pending(agentId, () -> {
            reads.incrementAndGet();
            return new ArrayList<>(outstanding);
        });
    }

    private static ServerMessage run(String id) {
        return new ServerMessage.CancelRun(id);
    }

    @Test
    void nothingOutstandingIsRememberedUntilWorkChanges() {
        assertThat(pending("a")).isEmpty();
        assertThat(pending("a")).isEmpty();
        assertThat(reads).as("the second check-in read nothing").hasValue(1);

        outstanding.add(run("run-1"));
        idle.workChanged(Set.of("b"));
        assertThat(pending("a")).as("any change makes every agent ask again").containsExactly(run("run-1"));
        assertThat(pending("a")).as("work found is never remembered").containsExactly(run("run-1"));
        assertThat(reads).hasValue(3);
    }

    @Test
    void aChangeDuringTheReadIsNotHiddenByIt() {
        // The read saw the datastore before the new job committed; the job's listener fires during the read.
        idle.pending("a", () -> {
            reads.incrementAndGet();
            idle.workChanged(Set.of("a"));
            return List.of();
        });
        outstanding.add(run("run-1"));
        assertThat(pending("a")).containsExactly(run("run-1"));
    }

    @Test
    void nothingIsRememberedLongerThanTheBound() {
        pending("a");
        clock.advance(IdleAgents.REMEMBERED_FOR.minusMillis(1));
        pending("a");
        assertThat(reads).hasValue(1);
        // Work created on another node is never reported here: it is found after the bound.
        outstanding.add(run("run-from-another-node"));
        clock.advance(Duration.ofMillis(1));
        assertThat(pending("a")).containsExactly(run("run-from-another-node"));
    }

    @Test
    void eachAgentIsRememberedOnItsOwn() {
        pending("a");
        outstanding.add(run("run-1"));
        assertThat(pending("b")).containsExactly(run("run-1"));
        assertThat(pending("a")).as("still known idle: nothing changed that was reported").isEmpty();
    }
}
