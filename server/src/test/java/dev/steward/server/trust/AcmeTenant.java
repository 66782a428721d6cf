package dev.steward.server.trust;

/**
 * A small hosted tenant for the named scenarios. Nothing is trusted; each test adds the trusts it is about.
 *
 * <pre>
 * team folders   /Customers ─┬─ /Customers/Acme ── /Customers/Acme/Prod
 *                            └─ /Customers/Globex
 * teams          acme-web (in /Customers/Acme), acme-db (in /Customers/Acme/Prod),
 *                globex-web (in /Customers/Globex), staging (root)
 * agents         a-web-1, a-web-2 (acme-web), a-db-1 (acme-db), g-web-1 (globex-web), s-1 (staging),
 *                loner (no primary team)
 * module folders /Acme ── /Acme/Deploy; /Globex
 * modules        deploy (/Acme/Deploy), backup (/Acme), report (/Globex), hello (root)
 * resource dirs  /Acme ── /Acme/ISOs
 * resources      autocad-iso (/Acme/ISOs), acme-license (/Acme), shared-cert (root)
 * </pre>
 */
final class AcmeTenant {
    static final TrustNode CUSTOMERS = TrustNode.teamFolder("tf-customers");
    static final TrustNode ACME = TrustNode.teamFolder("tf-acme");
    static final TrustNode ACME_PROD = TrustNode.teamFolder("tf-acme-prod");
    static final TrustNode GLOBEX = TrustNode.teamFolder("tf-globex");

    static final TrustNode ACME_WEB = TrustNode.team("acme-web");
    static final TrustNode ACME_DB = TrustNode.team("acme-db");
    static final TrustNode GLOBEX_WEB = TrustNode.team("globex-web");
    static final TrustNode STAGING = TrustNode.team("staging");

    static final TrustNode A_WEB_1 = TrustNode.agent("a-web-1");
    static final TrustNode A_WEB_2 = TrustNode.agent("a-web-2");
    static final TrustNode A_DB_1 = TrustNode.agent("a-db-1");
    static final TrustNode G_WEB_1 = TrustNode.agent("g-web-1");
    static final TrustNode S_1 = TrustNode.agent("s-1");
    static final TrustNode LONER = TrustNode.agent("loner");

    static final TrustNode MODULES_ACME = TrustNode.moduleFolder("mf-acme");
    static final TrustNode MODULES_ACME_DEPLOY = TrustNode.moduleFolder("mf-acme-deploy");
    static final TrustNode MODULES_GLOBEX = TrustNode.moduleFolder("mf-globex");
    static final TrustNode DEPLOY = TrustNode.module("deploy");
    static final TrustNode BACKUP = TrustNode.module("backup");
    static final TrustNode REPORT = TrustNode.module("report");
    static final TrustNode HELLO = TrustNode.module("hello");

    static final TrustNode RESOURCES_ACME = TrustNode.resourceFolder("rf-acme");
    static final TrustNode RESOURCES_ACME_ISOS = TrustNode.resourceFolder("rf-acme-isos");
    static final TrustNode AUTOCAD_ISO = TrustNode.resource("autocad-iso");
    static final TrustNode ACME_LICENSE = TrustNode.resource("acme-license");
    static final TrustNode SHARED_CERT = TrustNode.resource("shared-cert");

    private AcmeTenant() {
    }

    static TrustSnapshot.Builder tenant() {
        return tenant(ACME_WEB.id());
    }

    /** The tenant with a-web-1's primary team chosen (null: none). */
    static TrustSnapshot.Builder tenant(String primaryTeamOfWebOne) {
        return TrustSnapshot.builder()
                .teamFolder(CUSTOMERS.id(), null).name(CUSTOMERS, "/Customers")
                .teamFolder(ACME.id(), CUSTOMERS.id()).name(ACME, "/Customers/Acme")
                .teamFolder(ACME_PROD.id(), ACME.id()).name(ACME_PROD, "/Customers/Acme/Prod")
                .teamFolder(GLOBEX.id(), CUSTOMERS.id()).name(GLOBEX, "/Customers/Globex")
                .team(ACME_WEB.id(), ACME.id())
                .team(ACME_DB.id(), ACME_PROD.id())
                .team(GLOBEX_WEB.id(), GLOBEX.id())
                .team(STAGING.id(), null)
                .agent(A_WEB_1.id(), primaryTeamOfWebOne)
                .agent(A_WEB_2.id(), ACME_WEB.id())
                .agent(A_DB_1.id(), ACME_DB.id())
                .agent(G_WEB_1.id(), GLOBEX_WEB.id())
                .agent(S_1.id(), STAGING.id())
                .agent(LONER.id(), null)
                .moduleFolder(MODULES_ACME.id(), null).name(MODULES_ACME, "/Acme")
                .moduleFolder(MODULES_ACME_DEPLOY.id(), MODULES_ACME.id()).name(MODULES_ACME_DEPLOY, "/Acme/Deploy")
                .moduleFolder(MODULES_GLOBEX.id(), null).name(MODULES_GLOBEX, "/Globex")
                .module(DEPLOY.id(), MODULES_ACME_DEPLOY.id())
                .module(BACKUP.id(), MODULES_ACME.id())
                .module(REPORT.id(), MODULES_GLOBEX.id())
                .module(HELLO.id(), null)
                .resourceFolder(RESOURCES_ACME.id(), null).name(RESOURCES_ACME, "/Acme")
                .resourceFolder(RESOURCES_ACME_ISOS.id(), RESOURCES_ACME.id()).name(RESOURCES_ACME_ISOS, "/Acme/ISOs")
                .resource(AUTOCAD_ISO.id(), RESOURCES_ACME_ISOS.id())
                .resource(ACME_LICENSE.id(), RESOURCES_ACME.id())
                .resource(SHARED_CERT.id(), null);
    }

    static TrustDecision evaluate(TrustSnapshot snapshot, TrustNode agent, TrustNode object) {
        return TrustEvaluator.evaluate(snapshot, agent.id(), object);
    }
}
