package dev.steward.e2e;

class DurabilitySqliteE2ETest extends DurabilityScenarios {
    @Override
    Datastore datastore() {
        return Datastore.SQLITE;
    }
}
