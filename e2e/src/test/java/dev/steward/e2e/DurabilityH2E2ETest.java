package dev.steward.e2e;

class DurabilityH2E2ETest extends DurabilityScenarios {
    @Override
    Datastore datastore() {
        return Datastore.H2;
    }
}
