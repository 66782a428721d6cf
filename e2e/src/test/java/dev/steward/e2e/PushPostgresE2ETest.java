package dev.steward.e2e;

class PushPostgresE2ETest extends PushScenarios {
    @Override
    Datastore datastore() {
        return Datastore.POSTGRES;
    }
}
