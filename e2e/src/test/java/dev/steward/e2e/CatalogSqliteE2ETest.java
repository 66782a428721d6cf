package dev.steward.e2e;

class CatalogSqliteE2ETest extends CatalogScenarios {
    @Override
    Datastore datastore() {
        return Datastore.SQLITE;
    }
}
