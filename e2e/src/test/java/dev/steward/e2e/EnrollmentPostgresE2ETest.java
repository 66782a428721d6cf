package dev.steward.e2e;

class EnrollmentPostgresE2ETest extends EnrollmentScenarios {
    @Override
    Datastore datastore() {
        return Datastore.POSTGRES;
    }
}
