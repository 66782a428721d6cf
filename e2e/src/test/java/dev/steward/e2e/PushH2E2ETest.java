package dev.steward.e2e;

class PushH2E2ETest extends PushScenarios {
    @Override
    Datastore datastore() {
        return Datastore.H2;
    }
}
