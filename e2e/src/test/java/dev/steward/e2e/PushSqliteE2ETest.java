package dev.steward.e2e;

class PushSqliteE2ETest extends PushScenarios {
    @Override
    Datastore datastore() {
        return Datastore.SQLITE;
    }
}
