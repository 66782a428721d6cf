package dev.steward.server.trust;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a decision into one sentence. A refusal names both objects, states each missing direction with the
 * chain that was searched (so the reader knows where a trust could be added), and says where the present
 * direction, if any, comes from.
 */
final class TrustWording {
    private final Function<TrustNode, String> name;

    TrustWording(Function<TrustNode, String> name) {
        this.name = name;
    }

    String explain(TrustDecision decision) {
        TrustNode agent = decision.agent();
        TrustNode object = decision.object();
        TrustDecision.Direction agentSide = decision.agentSide();
        TrustDecision.Direction objectSide = decision.objectSide();
        String agentLabel = "agent side";
        String objectLabel = object.kind().label() + " side";
        if (decision.allowed()) {
            return "full trust between " + quoted(agent) + " and " + quoted(object) + ": "
                    + present(agentLabel, agentSide) + "; " + present(objectLabel, objectSide);
        }
        List<String> parts = new ArrayList<>(2);
        if (!objectSide.trusted()) {
            parts.add(missing(object, agent, objectSide));
        }
        if (!agentSide.trusted()) {
            parts.add(missing(agent, object, agentSide));
        }
        if (agentSide.trusted()) {
            parts.add(present(agentLabel, agentSide));
        }
        if (objectSide.trusted()) {
            parts.add(present(objectLabel, objectSide));
        }
        return "breach of trust: " + String.join("; ", parts);
    }

    private String missing(TrustNode holder, TrustNode other, TrustDecision.Direction direction) {
        String searched = direction.searched().stream().map(this::plain).collect(Collectors.joining(", "));
        return quoted(holder) + " does not trust " + quoted(other) + " (searched: " + searched + ")";
    }

    private String present(String side, TrustDecision.Direction direction) {
        String origin = direction.inherited()
                ? "inherited by " + plain(direction.holder()) + " from " + plain(direction.heldBy())
                : "explicit on " + plain(direction.heldBy());
        return side + ": trusted via " + quoted(direction.heldBy()) + " (" + origin + ") naming " + plain(direction.names());
    }

    private String plain(TrustNode node) {
        return node.kind().label() + " " + name.apply(node);
    }

    private String quoted(TrustNode node) {
        return node.kind().label() + " '" + name.apply(node) + "'";
    }
}
