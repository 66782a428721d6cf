package dev.steward.server.trust;

import static dev.steward.server.trust.AcmeTenant.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every rule of trusts, one readable scenario each, on the {@link AcmeTenant}. */
class TrustScenarioTest {

    /** The agent side: which modules and resources an agent trusts, explicitly or through its team. */
    @Nested
    class AgentSide {
        @Test
        void anExplicitTrustOnTheAgentIsHeldByTheAgent() {
            TrustSnapshot s = tenant().trust(A_WEB_1, DEPLOY).build();
            TrustDecision.Direction d = evaluate(s, A_WEB_1, DEPLOY).agentSide();
            assertThat(d.trusted()).isTrue();
            assertThat(d.heldBy()).isEqualTo(A_WEB_1);
            assertThat(d.names()).isEqualTo(DEPLOY);
            assertThat(d.inherited()).isFalse();
            assertThat(evaluate(s, A_WEB_2, DEPLOY).agentSide().trusted()).as("a trust on one agent is not its teammate's").isFalse();
        }

        @Test
        void aTrustOnThePrimaryTeamIsInheritedByEachOfItsAgents() {
            TrustSnapshot s = tenant().trust(ACME_WEB, DEPLOY).build();
            for (TrustNode agent : List.of(A_WEB_1, A_WEB_2)) {
                TrustDecision.Direction d = evaluate(s, agent, DEPLOY).agentSide();
                assertThat(d.trusted()).isTrue();
                assertThat(d.heldBy()).isEqualTo(ACME_WEB);
                assertThat(d.inherited()).isTrue();
            }
            assertThat(evaluate(s, G_WEB_1, DEPLOY).agentSide().trusted()).isFalse();
        }

        @Test
        void aTrustOnTheTeamFolderIsInheritedByItsTeamsAndTheirAgents() {
            TrustSnapshot s = tenant().trust(ACME, DEPLOY).build();
            TrustDecision.Direction d = evaluate(s, A_WEB_1, DEPLOY).agentSide();
            assertThat(d.trusted()).isTrue();
            assertThat(d.heldBy()).isEqualTo(ACME);
            assertThat(evaluate(s, G_WEB_1, DEPLOY).agentSide().trusted()).isFalse();
        }

        @Test
        void aTrustOnAParentTeamFolderIsInheritedThroughEveryFolderBelowIt() {
            TrustSnapshot s = tenant().trust(CUSTOMERS, DEPLOY).build();
            TrustDecision.Direction d = evaluate(s, A_DB_1, DEPLOY).agentSide();
            assertThat(d.trusted()).isTrue();
            assertThat(d.heldBy()).isEqualTo(CUSTOMERS);
            assertThat(d.searched()).containsExactly(A_DB_1, ACME_DB, ACME_PROD, ACME, CUSTOMERS);
            assertThat(evaluate(s, G_WEB_1, DEPLOY).agentSide().trusted()).isTrue();
            assertThat(evaluate(s, S_1, DEPLOY).agentSide().trusted()).as("team at the root, outside /Customers").isFalse();
        }

        @Test
        void anAgentWithoutPrimaryTeamHasOnlyItsExplicitTrusts() {
            TrustSnapshot inherited = tenant().trust(CUSTOMERS, DEPLOY).trust(STAGING, DEPLOY).build();
            TrustDecision.Direction d = evaluate(inherited, LONER, DEPLOY).agentSide();
            assertThat(d.trusted()).isFalse();
            assertThat(d.searched()).containsExactly(LONER);

            TrustSnapshot explicit = tenant().trust(LONER, DEPLOY).build();
            assertThat(evaluate(explicit, LONER, DEPLOY).agentSide().heldBy()).isEqualTo(LONER);
        }

        @Test
        void theNearestHolderWinsOverFartherOnes() {
            TrustSnapshot s = tenant().trust(CUSTOMERS, DEPLOY).trust(ACME_WEB, DEPLOY).trust(A_WEB_1, MODULES_ACME).build();
            TrustDecision.Direction d = evaluate(s, A_WEB_1, DEPLOY).agentSide();
            assertThat(d.heldBy()).isEqualTo(A_WEB_1);
            assertThat(d.names()).isEqualTo(MODULES_ACME);
            assertThat(evaluate(s, A_WEB_2, DEPLOY).agentSide().heldBy()).isEqualTo(ACME_WEB);
        }

        @Test
        void amongOneHoldersTrustsTheMostSpecificTargetIsReported() {
            TrustSnapshot s = tenant().trust(ACME_WEB, MODULES_ACME).trust(ACME_WEB, DEPLOY).trust(ACME_WEB, MODULES_ACME_DEPLOY).build();
            assertThat(evaluate(s, A_WEB_1, DEPLOY).agentSide().names()).isEqualTo(DEPLOY);
            assertThat(evaluate(s, A_WEB_1, BACKUP).agentSide().names()).isEqualTo(MODULES_ACME);
        }
    }

    /** The object side: which agents a module or resource trusts, explicitly or through its folders. */
    @Nested
    class ObjectSide {
        @Test
        void aModuleTrustsAnAgentExplicitly() {
            TrustSnapshot s = tenant().trust(DEPLOY, A_WEB_1).build();
            TrustDecision.Direction d = evaluate(s, A_WEB_1, DEPLOY).objectSide();
            assertThat(d.trusted()).isTrue();
            assertThat(d.heldBy()).isEqualTo(DEPLOY);
            assertThat(d.inherited()).isFalse();
            assertThat(evaluate(s, A_WEB_1, BACKUP).objectSide().trusted()).isFalse();
        }

        @Test
        void aModuleInheritsFromItsFolder() {
            TrustSnapshot s = tenant().trust(MODULES_ACME_DEPLOY, A_WEB_1).build();
            TrustDecision.Direction d = evaluate(s, A_WEB_1, DEPLOY).objectSide();
            assertThat(d.trusted()).isTrue();
            assertThat(d.heldBy()).isEqualTo(MODULES_ACME_DEPLOY);
            assertThat(d.inherited()).isTrue();
        }

        @Test
        void aModuleInheritsFromItsGrandparentFolder() {
            TrustSnapshot s = tenant().trust(MODULES_ACME, A_WEB_1).build();
            TrustDecision.Direction d = evaluate(s, A_WEB_1, DEPLOY).objectSide();
            assertThat(d.trusted()).isTrue();
            assertThat(d.heldBy()).isEqualTo(MODULES_ACME);
            assertThat(d.searched()).containsExactly(DEPLOY, MODULES_ACME_DEPLOY, MODULES_ACME);
            assertThat(evaluate(s, A_WEB_1, REPORT).objectSide().trusted()).as("another folder tree").isFalse();
            assertThat(evaluate(s, A_WEB_1, HELLO).objectSide().trusted()).as("a module at the root").isFalse();
        }

        @Test
        void aResourceTrustsAnAgentExplicitly() {
            TrustSnapshot s = tenant().trust(AUTOCAD_ISO, A_WEB_1).build();
            TrustDecision.Direction d = evaluate(s, A_WEB_1, AUTOCAD_ISO).objectSide();
            assertThat(d.heldBy()).isEqualTo(AUTOCAD_ISO);
            assertThat(evaluate(s, A_WEB_1, ACME_LICENSE).objectSide().trusted()).isFalse();
        }

        @Test
        void aResourceInheritsFromItsFolder() {
            TrustSnapshot s = tenant().trust(RESOURCES_ACME_ISOS, A_WEB_1).build();
            assertThat(evaluate(s, A_WEB_1, AUTOCAD_ISO).objectSide().heldBy()).isEqualTo(RESOURCES_ACME_ISOS);
            assertThat(evaluate(s, A_WEB_1, ACME_LICENSE).objectSide().trusted()).as("in the parent folder, not below").isFalse();
        }

        @Test
        void aResourceInheritsFromItsGrandparentFolder() {
            TrustSnapshot s = tenant().trust(RESOURCES_ACME, A_WEB_1).build();
            TrustDecision.Direction d = evaluate(s, A_WEB_1, AUTOCAD_ISO).objectSide();
            assertThat(d.heldBy()).isEqualTo(RESOURCES_ACME);
            assertThat(d.searched()).containsExactly(AUTOCAD_ISO, RESOURCES_ACME_ISOS, RESOURCES_ACME);
            assertThat(evaluate(s, A_WEB_1, SHARED_CERT).objectSide().trusted()).isFalse();
        }

        @Test
        void aResourceAtTheRootHasOnlyItsExplicitTrusts() {
            TrustSnapshot s = tenant().trust(RESOURCES_ACME, CUSTOMERS).trust(SHARED_CERT, A_DB_1).build();
            assertThat(evaluate(s, A_WEB_1, SHARED_CERT).objectSide().trusted()).isFalse();
            assertThat(evaluate(s, A_DB_1, SHARED_CERT).objectSide().searched()).containsExactly(SHARED_CERT);
        }
    }

    /** What a trust's target stands for: itself and, for a folder or team, everything inside it. */
    @Nested
    class Targets {
        @Test
        void aTeamFolderTargetCoversAgentsOfTeamsInItsSubfolders() {
            TrustSnapshot s = tenant().trust(DEPLOY, CUSTOMERS).build();
            TrustDecision.Direction d = evaluate(s, A_DB_1, DEPLOY).objectSide();
            assertThat(d.trusted()).as("acme-db is in /Customers/Acme/Prod").isTrue();
            assertThat(d.names()).isEqualTo(CUSTOMERS);
            assertThat(evaluate(s, G_WEB_1, DEPLOY).objectSide().trusted()).isTrue();
            assertThat(evaluate(s, S_1, DEPLOY).objectSide().trusted()).as("team at the root").isFalse();
            assertThat(evaluate(s, LONER, DEPLOY).objectSide().trusted()).as("no primary team").isFalse();
        }

        @Test
        void aTeamTargetCoversTheAgentsWhosePrimaryTeamItIs() {
            TrustSnapshot s = tenant().trust(DEPLOY, ACME_WEB).build();
            assertThat(evaluate(s, A_WEB_1, DEPLOY).objectSide().names()).isEqualTo(ACME_WEB);
            assertThat(evaluate(s, A_WEB_2, DEPLOY).objectSide().trusted()).isTrue();
            assertThat(evaluate(s, A_DB_1, DEPLOY).objectSide().trusted()).as("another team of the same customer").isFalse();
        }

        @Test
        void anAgentTargetCoversThatAgentOnly() {
            TrustSnapshot s = tenant().trust(DEPLOY, A_WEB_1).build();
            assertThat(evaluate(s, A_WEB_1, DEPLOY).objectSide().trusted()).isTrue();
            assertThat(evaluate(s, A_WEB_2, DEPLOY).objectSide().trusted()).isFalse();
        }

        @Test
        void aModuleFolderTargetCoversModulesInItAndItsSubfolders() {
            TrustSnapshot s = tenant().trust(A_WEB_1, MODULES_ACME).build();
            assertThat(evaluate(s, A_WEB_1, DEPLOY).agentSide().names()).isEqualTo(MODULES_ACME);
            assertThat(evaluate(s, A_WEB_1, BACKUP).agentSide().trusted()).isTrue();
            assertThat(evaluate(s, A_WEB_1, REPORT).agentSide().trusted()).isFalse();
            assertThat(evaluate(s, A_WEB_1, HELLO).agentSide().trusted()).isFalse();
        }

        @Test
        void aResourceFolderTargetCoversResourcesInItAndItsSubfolders() {
            TrustSnapshot s = tenant().trust(ACME_WEB, RESOURCES_ACME).build();
            assertThat(evaluate(s, A_WEB_1, AUTOCAD_ISO).agentSide().names()).isEqualTo(RESOURCES_ACME);
            assertThat(evaluate(s, A_WEB_1, ACME_LICENSE).agentSide().trusted()).isTrue();
            assertThat(evaluate(s, A_WEB_1, SHARED_CERT).agentSide().trusted()).isFalse();
        }

        @Test
        void aModuleFolderCoversNoResourceEvenWithTheSameId() {
            TrustSnapshot s = TrustSnapshot.builder()
                    .agent("a", null).moduleFolder("shared", null).resourceFolder("shared", null).resource("r", "shared")
                    .trust(TrustNode.agent("a"), TrustNode.moduleFolder("shared"))
                    .trust(TrustNode.moduleFolder("shared"), TrustNode.agent("a"))
                    .build();
            TrustDecision decision = TrustEvaluator.evaluate(s, "a", TrustNode.resource("r"));
            assertThat(decision.agentSide().trusted()).isFalse();
            assertThat(decision.objectSide().trusted()).isFalse();
        }
    }

    /** Only a trust in both directions lets an agent use a module or resource. */
    @Nested
    class FullTrust {
        @Test
        void bothDirectionsTogetherAllow() {
            TrustSnapshot s = tenant().trust(ACME_WEB, MODULES_ACME).trust(DEPLOY, ACME).build();
            TrustDecision decision = evaluate(s, A_WEB_1, DEPLOY);
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.explain(s)).isEqualTo("full trust between agent 'a-web-1' and module 'deploy': "
                    + "agent side: trusted via team 'acme-web' (inherited by agent a-web-1 from team acme-web) naming module folder /Acme; "
                    + "module side: trusted via module 'deploy' (explicit on module deploy) naming team folder /Customers/Acme");
            assertThatThrownBy(() -> decision.breachMessage(s)).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void onlyTheAgentSideIsABreachNamingTheModuleSide() {
            TrustSnapshot s = tenant().trust(ACME_WEB, MODULES_ACME).build();
            TrustDecision decision = evaluate(s, A_WEB_1, DEPLOY);
            assertThat(decision.allowed()).isFalse();
            assertThat(decision.agentSide().trusted()).isTrue();
            assertThat(decision.objectSide().trusted()).isFalse();
            assertThat(decision.breachMessage(s)).isEqualTo("breach of trust: module 'deploy' does not trust agent 'a-web-1' "
                    + "(searched: module deploy, module folder /Acme/Deploy, module folder /Acme); "
                    + "agent side: trusted via team 'acme-web' (inherited by agent a-web-1 from team acme-web) naming module folder /Acme");
        }

        @Test
        void onlyTheObjectSideIsABreachNamingTheAgentSide() {
            TrustSnapshot s = tenant().trust(MODULES_ACME, ACME).build();
            TrustDecision decision = evaluate(s, A_WEB_1, DEPLOY);
            assertThat(decision.allowed()).isFalse();
            assertThat(decision.agentSide().trusted()).isFalse();
            assertThat(decision.objectSide().trusted()).isTrue();
            assertThat(decision.breachMessage(s)).isEqualTo("breach of trust: agent 'a-web-1' does not trust module 'deploy' "
                    + "(searched: agent a-web-1, team acme-web, team folder /Customers/Acme, team folder /Customers); "
                    + "module side: trusted via module folder '/Acme' (inherited by module deploy from module folder /Acme) "
                    + "naming team folder /Customers/Acme");
        }

        @Test
        void aResourceNeedsItsOwnFullTrustEvenWhenTheModuleIsTrusted() {
            TrustSnapshot s = tenant().trust(ACME_WEB, MODULES_ACME).trust(MODULES_ACME, ACME_WEB)
                    .trust(ACME_WEB, RESOURCES_ACME).build();
            assertThat(evaluate(s, A_WEB_1, DEPLOY).allowed()).isTrue();
            TrustDecision resource = evaluate(s, A_WEB_1, AUTOCAD_ISO);
            assertThat(resource.allowed()).isFalse();
            assertThat(resource.breachMessage(s)).startsWith("breach of trust: resource 'autocad-iso' does not trust agent 'a-web-1' ");
        }

        @Test
        void withNothingConfiguredNothingIsTrusted() {
            TrustSnapshot s = tenant().build();
            for (TrustNode agent : List.of(A_WEB_1, A_WEB_2, A_DB_1, G_WEB_1, S_1, LONER)) {
                for (TrustNode object : List.of(DEPLOY, BACKUP, REPORT, HELLO, AUTOCAD_ISO, ACME_LICENSE, SHARED_CERT)) {
                    TrustDecision decision = evaluate(s, agent, object);
                    assertThat(decision.allowed()).isFalse();
                    assertThat(decision.agentSide().trusted()).isFalse();
                    assertThat(decision.objectSide().trusted()).isFalse();
                }
            }
            assertThat(evaluate(s, LONER, HELLO).breachMessage(s)).isEqualTo("breach of trust: "
                    + "module 'hello' does not trust agent 'loner' (searched: module hello); "
                    + "agent 'loner' does not trust module 'hello' (searched: agent loner)");
        }

        @Test
        void anEmptySnapshotTrustsNothing() {
            TrustDecision decision = TrustEvaluator.evaluate(TrustSnapshot.builder().build(), "ghost", TrustNode.module("m"));
            assertThat(decision.allowed()).isFalse();
            assertThat(decision.explain()).isEqualTo("breach of trust: module 'm' does not trust agent 'ghost' (searched: module m); "
                    + "agent 'ghost' does not trust module 'm' (searched: agent ghost)");
        }
    }

    /** Trusts follow the trees as they are when the job runs. */
    @Nested
    class Changes {
        @Test
        void anAgentWhosePrimaryTeamChangesLosesTheOldTeamsTrusts() {
            TrustSnapshot before = tenant(ACME_WEB.id()).trust(ACME_WEB, DEPLOY).trust(DEPLOY, ACME_WEB).build();
            assertThat(evaluate(before, A_WEB_1, DEPLOY).allowed()).isTrue();

            TrustSnapshot after = tenant(GLOBEX_WEB.id()).trust(ACME_WEB, DEPLOY).trust(DEPLOY, ACME_WEB).build();
            TrustDecision decision = evaluate(after, A_WEB_1, DEPLOY);
            assertThat(decision.allowed()).isFalse();
            assertThat(decision.agentSide().trusted()).isFalse();
            assertThat(decision.objectSide().trusted()).isFalse();
            assertThat(decision.agentSide().searched()).containsExactly(A_WEB_1, GLOBEX_WEB, GLOBEX, CUSTOMERS);
        }

        @Test
        void anAgentThatLosesItsPrimaryTeamKeepsOnlyItsOwnTrusts() {
            TrustSnapshot s = tenant(null).trust(ACME_WEB, DEPLOY).trust(A_WEB_1, BACKUP).build();
            assertThat(evaluate(s, A_WEB_1, DEPLOY).agentSide().trusted()).isFalse();
            assertThat(evaluate(s, A_WEB_1, BACKUP).agentSide().trusted()).isTrue();
        }

        @Test
        void movingBetweenTeamsOfOneTrustedTeamFolderKeepsTheTrust() {
            // The documented best practice: set trusts on a team folder holding both primary teams.
            for (TrustNode team : List.of(ACME_WEB, ACME_DB)) {
                TrustSnapshot s = tenant(team.id()).trust(ACME, DEPLOY).trust(DEPLOY, ACME).build();
                assertThat(evaluate(s, A_WEB_1, DEPLOY).allowed()).as("primary team %s", team.id()).isTrue();
            }
        }

        @Test
        void aCycleInTeamFolderParentsIsRejected() {
            TrustSnapshot.Builder b = TrustSnapshot.builder().teamFolder("x", "y").teamFolder("y", "z").teamFolder("z", "x").team("t", "x");
            assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cycle in the team tree").hasMessageContaining("team folder x");
        }

        @Test
        void aCycleInModuleFolderParentsIsRejected() {
            TrustSnapshot.Builder b = TrustSnapshot.builder().moduleFolder("root", null).moduleFolder("a", "b").moduleFolder("b", "a");
            assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cycle in the module tree");
        }

        @Test
        void aResourceFolderThatIsItsOwnParentIsRejected() {
            TrustSnapshot.Builder b = TrustSnapshot.builder().resourceFolder("loop", "loop");
            assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cycle in the resource tree: resource folder loop -> resource folder loop");
        }
    }
}
