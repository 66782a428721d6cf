package dev.steward.server.trust;

import java.util.Objects;

/**
 * One configured trust: {@code holder} trusts {@code target} and, when the target is a folder or a team,
 * everything inside it. Either side can hold trusts: a team folder, team or agent names module folders,
 * modules, resource folders or resources; those name team folders, teams or agents. A trust never joins
 * two nodes of the same side (a module cannot trust a resource).
 */
public record TrustEntry(TrustNode holder, TrustNode target) {
    public TrustEntry {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(target, "target");
        if (holder.kind().agentSide() == target.kind().agentSide()) {
            throw new IllegalArgumentException(
                    "a " + holder.kind().label() + " cannot hold a trust on a " + target.kind().label()
                            + ": a trust joins a team folder, team or agent with a module or resource (or their folders)");
        }
    }

    @Override
    public String toString() {
        return holder + " trusts " + target;
    }
}
