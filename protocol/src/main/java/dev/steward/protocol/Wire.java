package dev.steward.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON dialect Steward speaks on every wire: agent protocol, REST API and CLI output.
 * snake_case field names, ISO-8601 instants, unknown fields rejected so that a typo in a request is an
 * error rather than a silently ignored value.
 */
public final class Wire {
    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private Wire() {
    }

    public static ObjectMapper json() {
        return MAPPER;
    }

    /** Applies the Steward conventions to a mapper (also used for the YAML mapper of module files). */
    public static <M extends ObjectMapper> M configure(M mapper) {
        mapper.registerModule(new JavaTimeModule());
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.setSerializationInclusion(JsonInclude.Include.ALWAYS);
        return mapper;
    }
}
