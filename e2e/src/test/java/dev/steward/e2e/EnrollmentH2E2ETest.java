package dev.steward.e2e;

class EnrollmentH2E2ETest extends EnrollmentScenarios {
    @Override
    Datastore datastore() {
        return Datastore.H2;
    }
}
