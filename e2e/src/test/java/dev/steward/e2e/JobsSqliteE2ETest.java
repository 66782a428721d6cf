package dev.steward.e2e;

class JobsSqliteE2ETest extends JobScenarios {
    @Override
    Datastore datastore() {
        return Datastore.SQLITE;
    }
}
