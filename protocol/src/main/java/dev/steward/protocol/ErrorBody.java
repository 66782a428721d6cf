package dev.steward.protocol;

/**
 * Every 4xx/5xx body the server sends: {@code error} says what was wrong and how to fix it;
 * {@code field} names the offending input when there is one.
 */
public record ErrorBody(int status, String error, String field) {
}
