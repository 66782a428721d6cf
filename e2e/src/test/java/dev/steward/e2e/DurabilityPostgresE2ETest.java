package dev.steward.e2e;

class DurabilityPostgresE2ETest extends DurabilityScenarios {
    @Override
    Datastore datastore() {
        return Datastore.POSTGRES;
    }
}
