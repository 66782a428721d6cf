package dev.steward.e2e;

class JobsPostgresE2ETest extends JobScenarios {
    @Override
    Datastore datastore() {
        return Datastore.POSTGRES;
    }
}
