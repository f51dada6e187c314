package dev.personalization.consent.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Request and response bodies of the consent API. Entities never leave the service. */
public final class ApiModels {

    private ApiModels() {
    }

    /** {@code PUT /api/consents/me/{purpose}}. {@code channel} is web (default), api or gpc. */
    public record DecisionRequest(Boolean granted, String channel) {
    }

    /** {@code PUT /api/admin/purposes/{purpose}}: the next version's notice. */
    public record PurposeRequest(String title, String notice, List<String> dataCategories, Integer retentionDays,
            String legalBasis) {
    }

    public record ReceiptVerificationRequest(String receipt) {
    }

    public record PurposeResponse(String purpose, int version, String title, String notice,
            List<String> dataCategories, int retentionDays, String legalBasis, Instant publishedAt) {
    }

    public record PurposesResponse(List<PurposeResponse> purposes) {
    }

    /**
     * One purpose's standing. {@code state}: granted, denied, withdrawn, expired or none.
     * {@code renewalRequired}: a grant was given on an earlier notice and must be given again.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PurposeConsent(String purpose, String state, int currentPurposeVersion, Integer decidedOnVersion,
            Long consentVersion, Instant decidedAt, Instant expiresAt, String reason, boolean renewalRequired) {
    }

    public record ConsentsResponse(String subject, List<PurposeConsent> consents) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DecisionResponse(String purpose, String state, int purposeVersion, long consentVersion,
            Instant decidedAt, Instant expiresAt, String channel, String receipt, boolean replayed) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LedgerEntryResponse(long id, String purpose, int purposeVersion, long consentVersion,
            String decision, String reason, Instant recordedAt, String channel, String actor, Instant expiresAt,
            String entryHash) {
    }

    public record PartnerReadResponse(String partner, String purpose, Instant readAt) {
    }

    /**
     * One page of {@code GET /api/consents/me/history}: up to {@code limit} ledger entries and up to
     * {@code limit} partner reads, each oldest first. {@code nextCursor} (absent on the last page) is
     * passed back as {@code cursor} for the next page of both lists.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistoryResponse(String subject, List<LedgerEntryResponse> entries,
            List<PartnerReadResponse> partnerReads, String nextCursor) {
    }

    /**
     * {@code valid}: well signed, intact, and in the ledger with that hash ({@code inLedger}).
     * {@code current}: still the subject's decision for the purpose (a later decision, or a grant past
     * its expiry, makes it false). {@code supersededBy}: the decision that followed, only for the
     * receipt's own subject and admins. {@code inLedger} and {@code current} are absent when the
     * signature does not hold. {@code erased}: true when the receipt's subject has been erased since: the
     * entry is still in the ledger (only its minimum proof) but no longer the subject's decision.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReceiptVerificationResponse(boolean valid, String reason, Object receipt, Boolean inLedger,
            Boolean current, SupersedingResponse supersededBy, Boolean erased) {
    }

    public record SupersedingResponse(String decision, long consentVersion, Instant recordedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PartnerConsentResponse(String subject, String purpose, String state, int currentPurposeVersion,
            Instant expiresAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BrokenLinkResponse(String subject, Long entryId, Long consentVersion, String purpose,
            String problem) {
    }

    /**
     * The latest signed checkpoint the check compared with: what it covers (entries up to
     * {@code lastEntryId}), and {@code problem} (signature, sequence, heads, digest or counts) when it
     * does not hold itself.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CheckpointResponse(long id, Instant createdAt, long lastEntryId, long subjects, long entries,
            String problem) {
    }

    /** {@code checkpoint} is absent while no checkpoint exists yet. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChainVerificationResponse(boolean intact, long subjectsChecked, long entriesChecked,
            BrokenLinkResponse firstBrokenLink, CheckpointResponse checkpoint) {
    }

    /**
     * {@code DELETE /api/me} and {@code GET /api/me/erasure/{id}}: {@code status} pending until every required
     * service confirmed, then completed; per service pending or done (when, and its counts of what it deleted).
     */
    public record ErasureResponse(UUID requestId, Instant requestedAt, String status,
            Map<String, ErasureServiceResponse> services) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErasureServiceResponse(String status, Instant completedAt, Map<String, Long> deleted) {
    }

    /** {@code GET /api/consents/me/export}: everything consent-service holds about the subject. */
    public record ExportResponse(String service, boolean complete, Instant generatedAt, ExportData data) {
    }

    public record ExportData(String subject, List<PurposeConsent> consents, List<ExportedLedgerEntry> ledger,
            List<PartnerReadResponse> partnerReads) {
    }

    /** A ledger entry with its receipt, verifiable with POST /api/consents/receipts/verify. */
    public record ExportedLedgerEntry(@JsonUnwrapped LedgerEntryResponse entry, String receipt) {
    }
}
