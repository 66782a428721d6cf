package dev.steward.protocol;

/** The issued identity. From now on the agent authenticates with this certificate only. */
public record EnrollResponse(String agentId, String tenantId, String certificatePem, String caCertificatePem) {
}
