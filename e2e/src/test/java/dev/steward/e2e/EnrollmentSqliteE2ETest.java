package dev.steward.e2e;

class EnrollmentSqliteE2ETest extends EnrollmentScenarios {
    @Override
    Datastore datastore() {
        return Datastore.SQLITE;
    }
}
