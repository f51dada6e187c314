package dev.personalization.consentview.erasure;

import java.time.Instant;

/**
 * One service's part of the shopper's export ({@code GET /api/me/data} in the gateway composes them):
 * everything the service holds about the token's subject.
 *
 * @param service the answering service
 * @param complete true: {@code data} is all the service holds
 * @param generatedAt when it was read
 * @param data the service's own record of what it holds
 */
public record SubjectExport(String service, boolean complete, Instant generatedAt, Object data) {
}
