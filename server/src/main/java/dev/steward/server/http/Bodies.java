package dev.steward.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.steward.protocol.Wire;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads request bodies defensively: checks the content type, caps the size, and turns every parse
 * failure into a 400 that names the field and what was expected.
 */
public final class Bodies {
    private Bodies() {
    }

    public static <T> T json(Context ctx, Class<T> type, int maxBytes) {
        requireContentType(ctx, "application/json");
        byte[] body = bounded(ctx, maxBytes);
        if (body.length == 0) {
            throw ApiException.badRequest(null, "the request body is empty; send a JSON object");
        }
        try {
            T value = Wire.json().readValue(body, type);
            if (value == null) {
                throw ApiException.badRequest(null, "the request body is JSON null; send a JSON object");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw describe(e);
        } catch (java.io.IOException e) {
            throw ApiException.badRequest(null, "cannot read the request body: " + e.getMessage());
        }
    }

    public static String text(Context ctx, int maxBytes, String... acceptedTypes) {
        requireContentType(ctx, acceptedTypes);
        return new String(bounded(ctx, maxBytes), java.nio.charset.StandardCharsets.UTF_8);
    }

    static byte[] bounded(Context ctx, int maxBytes) {
        long declared = ctx.contentLength();
        if (declared > maxBytes) {
            throw new ApiException(413, "the request body is " + declared + " bytes; the limit is " + maxBytes, null);
        }
        try (var in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw new ApiException(413, "the request body exceeds the limit of " + maxBytes + " bytes", null);
            }
            return body;
        } catch (java.io.IOException e) {
            throw ApiException.badRequest(null, "cannot read the request body: " + e.getMessage());
        }
    }

    private static void requireContentType(Context ctx, String... accepted) {
        String actual = ctx.contentType();
        String base = actual == null ? "" : actual.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        for (String type : accepted) {
            if (base.equals(type)) {
                return;
            }
        }
        throw new ApiException(415, "Content-Type must be " + String.join(" or ", accepted) + ", got '"
                + (actual == null ? "none" : actual) + "'", null);
    }

    private static ApiException describe(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping ? path(mapping) : null;
        String what;
        if (e instanceof UnrecognizedPropertyException unknown) {
            what = "unknown field '" + unknown.getPropertyName() + "'; known fields: "
                    + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
        } else if (e instanceof InvalidTypeIdException typeId) {
            what = "unknown message type '" + typeId.getTypeId() + "'";
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            what = "expected " + friendly(mismatch.getTargetType()) + ": " + e.getOriginalMessage();
        } else {
            what = "malformed JSON: " + e.getOriginalMessage();
        }
        return ApiException.badRequest(field, (field == null ? "" : "field '" + field + "': ") + what);
    }

    private static String path(JsonMappingException e) {
        if (e.getPath().isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    private static String friendly(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "a " + type.getSimpleName();
    }
}
