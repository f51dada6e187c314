package dev.personalization.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 7807 problem. Details are fixed sentences written here, never an exception's message, so
 * that no class name, stack trace or personal datum reaches a caller.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://personalization.local/problems/";

    public static Problem of(String kind, int status, String title, String detail) {
        return new Problem(TYPE_BASE + kind, title, status, detail, null);
    }

    public static Problem payloadTooLarge(long limitBytes) {
        return of("payload-too-large", 413, "Payload Too Large",
                "The request body is larger than the limit of " + limitBytes + " bytes");
    }
}
