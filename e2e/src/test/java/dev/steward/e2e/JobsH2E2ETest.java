package dev.steward.e2e;

class JobsH2E2ETest extends JobScenarios {
    @Override
    Datastore datastore() {
        return Datastore.H2;
    }
}
