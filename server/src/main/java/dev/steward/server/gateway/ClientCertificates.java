package dev.steward.server.gateway;

import dev.steward.server.http.ApiException;
import io.javalin.http.Context;
import java.security.cert.X509Certificate;

/** The TLS client certificate of a request (already chain-verified against the environment CA by TLS). */
final class ClientCertificates {
    private static final String ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private ClientCertificates() {
    }

    static X509Certificate require(Context ctx) {
        Object attribute = ctx.req().getAttribute(ATTRIBUTE);
        if (attribute instanceof X509Certificate[] chain && chain.length > 0) {
            return chain[0];
        }
        throw ApiException.unauthorized("agent endpoints require a client certificate issued at enrollment");
    }
}
