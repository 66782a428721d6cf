package dev.steward.server.fleet;

/** Settings as admins see them: what is set on the agent, the tenant default, and the effective result. */
public record SettingsView(String agent, AgentSettings own, AgentSettings tenantDefault, AgentSettings effective) {
}
