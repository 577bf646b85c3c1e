package dev.kanary.webhook;

/**
 * The outcome of calling a webhook.
 *
 * @param success whether the call succeeded (HTTP status 200 to 202)
 * @param statusCode the HTTP status, or 0 when no answer arrived
 * @param detail the answer's body on failure, or the error (timeout, connection refused)
 */
public record WebhookResult(boolean success, int statusCode, String detail) {}
