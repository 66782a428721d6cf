package dev.steward.server.fleet;

import java.util.Collection;

/** Told when agents' server-held settings changed, so connected agents can be sent them at once. */
@FunctionalInterface
public interface SettingsListener {
    void settingsChanged(Collection<String> agentIds);
}
