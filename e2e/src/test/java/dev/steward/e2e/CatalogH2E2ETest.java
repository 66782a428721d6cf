package dev.steward.e2e;

class CatalogH2E2ETest extends CatalogScenarios {
    @Override
    Datastore datastore() {
        return Datastore.H2;
    }
}
