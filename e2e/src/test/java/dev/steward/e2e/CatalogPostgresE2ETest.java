package dev.steward.e2e;

class CatalogPostgresE2ETest extends CatalogScenarios {
    @Override
    Datastore datastore() {
        return Datastore.POSTGRES;
    }
}
