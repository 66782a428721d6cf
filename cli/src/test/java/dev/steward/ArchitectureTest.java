package dev.steward;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The module and capability boundaries, checked by the build rather than by memory. This lives in the
 * cli module because it is the one whose classpath holds every other module.
 *
 * <p>Plain JUnit tests calling {@code check}, not {@code @ArchTest} fields: Surefire 3.5.3 silently skips
 * those (TNG/ArchUnit#1442), and a boundary check that cannot fail is worse than none.
 */
class ArchitectureTest {
    private static final JavaClasses STEWARD = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.steward");

    static final ArchRule protocolIsSelfContained = noClasses().that().resideInAPackage("dev.steward.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.steward.server..", "dev.steward.agent..",
                    "dev.steward.cli..");

    static final ArchRule agentNeverUsesServerCode = noClasses().that().resideInAPackage("dev.steward.agent..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.steward.server..", "dev.steward.cli..");

    static final ArchRule serverNeverUsesAgentOrCliCode = noClasses().that().resideInAPackage("dev.steward.server..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.steward.agent..", "dev.steward.cli..");

    /**
     * Storage sits behind each capability: a *Store is used by its own package (and wired by the
     * composition root, dev.steward.server), never by another capability, which goes through services.
     */
    static final ArchRule storesAreReachedOnlyThroughTheirCapability = classes().that().haveSimpleNameEndingWith("Store")
            .and().resideInAPackage("dev.steward.server..")
            .should(new ArchCondition<JavaClass>("be used only by their own package or the composition root") {
                @Override
                public void check(JavaClass store, ConditionEvents events) {
                    store.getDirectDependenciesToSelf().forEach(dependency -> {
                        String from = dependency.getOriginClass().getPackageName();
                        if (!from.equals(store.getPackageName()) && !from.equals("dev.steward.server")) {
                            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                        }
                    });
                }
            });

    /** The shared infrastructure packages do not reach back up into capabilities. */
    static final ArchRule infrastructureDoesNotDependOnCapabilities = noClasses()
            .that().resideInAnyPackage("dev.steward.server.http..", "dev.steward.server.store..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.steward.server.job..", "dev.steward.server.fleet..",
                    "dev.steward.server.catalog..", "dev.steward.server.enrollment..", "dev.steward.server.tenancy..",
                    "dev.steward.server.gateway..", "dev.steward.server.identity..", "dev.steward.server.pki..");

    @org.junit.jupiter.api.Test
    void theImportSeesEveryModule() {
        org.assertj.core.api.Assertions.assertThat(STEWARD.containPackage("dev.steward.protocol")).isTrue();
        org.assertj.core.api.Assertions.assertThat(STEWARD.containPackage("dev.steward.agent.exec")).isTrue();
        org.assertj.core.api.Assertions.assertThat(STEWARD.containPackage("dev.steward.server.job")).isTrue();
    }

    @org.junit.jupiter.api.Test
    void protocolIsSelfContained() {
        protocolIsSelfContained.check(STEWARD);
    }

    @org.junit.jupiter.api.Test
    void agentNeverUsesServerCode() {
        agentNeverUsesServerCode.check(STEWARD);
    }

    @org.junit.jupiter.api.Test
    void serverNeverUsesAgentOrCliCode() {
        serverNeverUsesAgentOrCliCode.check(STEWARD);
    }

    @org.junit.jupiter.api.Test
    void storesAreReachedOnlyThroughTheirCapability() {
        storesAreReachedOnlyThroughTheirCapability.check(STEWARD);
    }

    @org.junit.jupiter.api.Test
    void infrastructureDoesNotDependOnCapabilities() {
        infrastructureDoesNotDependOnCapabilities.check(STEWARD);
    }

    /** The rules can fail: the CLI legitimately depends on the server, which the agent rule would forbid. */
    @org.junit.jupiter.api.Test
    void aRuleFailsOnARealViolation() {
        ArchRule cliMayNotUseServer = noClasses().that().resideInAPackage("dev.steward.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.steward.server..");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cliMayNotUseServer.check(STEWARD))
                .isInstanceOf(AssertionError.class);
    }
}
