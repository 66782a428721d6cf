package dev.steward.server.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.steward.protocol.DurationText;
import dev.steward.protocol.ServerMessage;
import dev.steward.protocol.Wire;
import dev.steward.server.http.ApiException;
import dev.steward.server.http.Printable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Settings the server holds for agents. A null field is not set here, so the agent keeps the value it
 * was started with. Agent overrides are laid over tenant defaults with {@link #over}.
 */
public record AgentSettings(String mode, Long pollIntervalSeconds, Integer outputLimitBytes) {
    public static final AgentSettings NONE = new AgentSettings(null, null, null);
    static final int MIN_OUTPUT_LIMIT = 1024;
    static final int MAX_OUTPUT_LIMIT = 4 * 1024 * 1024;

    /** This (the more specific level) wherever set, else the fallback. */
    public AgentSettings over(AgentSettings fallback) {
        return new AgentSettings(mode != null ? mode : fallback.mode,
                pollIntervalSeconds != null ? pollIntervalSeconds : fallback.pollIntervalSeconds,
                outputLimitBytes != null ? outputLimitBytes : fallback.outputLimitBytes);
    }

    /**
     * Applies {@code key=value} changes as typed by an admin; an empty value unsets the key. Every
     * mistake names the key and what it accepts.
     */
    public AgentSettings with(Map<String, String> changes) {
        AgentSettings result = this;
        for (Map.Entry<String, String> change : changes.entrySet()) {
            String key = change.getKey() == null ? "" : change.getKey().trim().toLowerCase(Locale.ROOT);
            String value = change.getValue() == null ? "" : change.getValue().trim();
            boolean unset = value.isEmpty();
            result = switch (key) {
                case "mode" -> new AgentSettings(unset ? null : mode(value), result.pollIntervalSeconds, result.outputLimitBytes);
                case "poll_interval" -> new AgentSettings(result.mode, unset ? null : pollInterval(value), result.outputLimitBytes);
                case "output_limit" -> new AgentSettings(result.mode, result.pollIntervalSeconds, unset ? null : outputLimit(value));
                default -> throw ApiException.badRequest("settings", "unknown setting '" + Printable.clip(key, 40)
                        + "'; known: mode (poll|push), poll_interval (e.g. 60s), output_limit (bytes, e.g. 1MiB)");
            };
        }
        return result;
    }

    public ServerMessage.Settings message() {
        return new ServerMessage.Settings(hash(), mode, pollIntervalSeconds, outputLimitBytes);
    }

    /** Identifies these settings, so an agent's check-in can say which it applies. */
    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(toJson().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String toJson() {
        try {
            return Wire.json().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static AgentSettings fromJson(String json) {
        if (json == null || json.isBlank()) {
            return NONE;
        }
        try {
            return Wire.json().readValue(json, AgentSettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored agent settings are unreadable", e);
        }
    }

    private static String mode(String value) {
        String mode = value.toLowerCase(Locale.ROOT);
        if (!mode.equals("poll") && !mode.equals("push")) {
            throw ApiException.badRequest("mode", "mode: expected poll or push, got '" + Printable.clip(value, 40) + "'");
        }
        return mode;
    }

    private static long pollInterval(String value) {
        Duration interval;
        try {
            interval = DurationText.parse(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("poll_interval", "poll_interval: " + e.getMessage());
        }
        if (interval.toSeconds() < 1 || interval.toSeconds() > 86_400) {
            throw ApiException.badRequest("poll_interval", "poll_interval: expected between 1s and 1d, got '" + value + "'");
        }
        return interval.toSeconds();
    }

    private static int outputLimit(String value) {
        String text = value.replace(" ", "");
        long multiplier = 1;
        for (var unit : Map.of("KiB", 1024L, "MiB", 1024L * 1024, "KB", 1000L, "MB", 1000L * 1000).entrySet()) {
            if (text.endsWith(unit.getKey())) {
                multiplier = unit.getValue();
                text = text.substring(0, text.length() - unit.getKey().length());
                break;
            }
        }
        try {
            long bytes = Long.parseLong(text) * multiplier;
            if (bytes < MIN_OUTPUT_LIMIT || bytes > MAX_OUTPUT_LIMIT) {
                throw new NumberFormatException();
            }
            return (int) bytes;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("output_limit", "output_limit: expected a size between 1KiB and 4MiB "
                    + "(e.g. 65536, 512KiB, 1MiB), got '" + Printable.clip(value, 40) + "'");
        }
    }
}
