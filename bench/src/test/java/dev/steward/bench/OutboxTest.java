package dev.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.protocol.AgentBatch;
import dev.steward.protocol.AgentMessage;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private final AgentMessage.CheckIn checkIn = new AgentMessage.CheckIn("v", "h", "linux", 60, null);

    @Test
    void oneBatchInFlightUntilAcknowledged() {
        Outbox outbox = new Outbox();
        outbox.add(new AgentMessage.RunAccepted("r1"));
        AgentBatch first = outbox.take("b1", checkIn);
        assertThat(first.messages()).hasSize(2);
        outbox.add(new AgentMessage.RunStarted("r1"));
        assertThat(outbox.canSend()).isFalse();
        assertThat(outbox.acknowledged()).hasSize(2);
        assertThat(outbox.canSend()).isTrue();
    }

    @Test
    void aDroppedConnectionSendsTheMessagesAgainButNotTheOldCheckIn() {
        Outbox outbox = new Outbox();
        outbox.add(new AgentMessage.RunAccepted("r1"));
        outbox.take("b1", checkIn);
        outbox.add(new AgentMessage.RunStarted("r1"));
        outbox.requeue();
        AgentBatch again = outbox.take("b2", null);
        assertThat(again.messages()).containsExactly(new AgentMessage.RunAccepted("r1"), new AgentMessage.RunStarted("r1"));
    }
}
