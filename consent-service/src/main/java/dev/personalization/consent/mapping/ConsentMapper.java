package dev.personalization.consent.mapping;

import dev.personalization.consent.repository.LedgerEntry;
import dev.personalization.consent.repository.PartnerRead;
import dev.personalization.consent.repository.PurposeVersion;
import dev.personalization.consent.rest.ApiModels.BrokenLinkResponse;
import dev.personalization.consent.rest.ApiModels.ChainVerificationResponse;
import dev.personalization.consent.rest.ApiModels.ErasureResponse;
import dev.personalization.consent.rest.ApiModels.ErasureServiceResponse;
import dev.personalization.consent.rest.ApiModels.ExportData;
import dev.personalization.consent.rest.ApiModels.ExportResponse;
import dev.personalization.consent.rest.ApiModels.ExportedLedgerEntry;
import dev.personalization.consent.service.ErasureService;
import dev.personalization.consent.service.OutboxWriter;
import dev.personalization.consent.rest.ApiModels.CheckpointResponse;
import dev.personalization.consent.rest.ApiModels.HistoryResponse;
import dev.personalization.consent.rest.ApiModels.ReceiptVerificationResponse;
import dev.personalization.consent.rest.ApiModels.SupersedingResponse;
import dev.personalization.consent.service.ConsentService;
import dev.personalization.consent.service.ReceiptStanding;
import dev.personalization.consent.rest.ApiModels.DecisionResponse;
import dev.personalization.consent.rest.ApiModels.LedgerEntryResponse;
import dev.personalization.consent.rest.ApiModels.PartnerConsentResponse;
import dev.personalization.consent.rest.ApiModels.PartnerReadResponse;
import dev.personalization.consent.rest.ApiModels.PurposeConsent;
import dev.personalization.consent.rest.ApiModels.PurposeResponse;
import dev.personalization.consent.service.ConsentService.CurrentConsent;
import dev.personalization.consent.service.ConsentSnapshots.StateSnapshot;
import dev.personalization.consent.service.LedgerVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Explicit mapping from entities and service results to the API's records. */
@ApplicationScoped
public class ConsentMapper {

    public PurposeResponse purpose(PurposeVersion purpose) {
        List<String> categories = purpose.dataCategories.isBlank() ? List.of()
                : Arrays.asList(purpose.dataCategories.split(","));
        return new PurposeResponse(purpose.purpose, purpose.version, purpose.title, purpose.notice, categories,
                purpose.retentionDays, purpose.legalBasis, purpose.publishedAt);
    }

    public PurposeConsent consent(CurrentConsent current) {
        if (current.state().isEmpty()) {
            return new PurposeConsent(current.purpose().purpose(), current.effectiveState(),
                    current.purpose().version(), null, null, null, null, null, false);
        }
        StateSnapshot state = current.state().get();
        return new PurposeConsent(current.purpose().purpose(), current.effectiveState(), current.purpose().version(),
                state.purposeVersion(), state.consentVersion(), state.decidedAt(), state.expiresAt(), state.reason(),
                current.renewalRequired());
    }

    public DecisionResponse decision(LedgerEntry entry, String receipt, boolean replayed) {
        return new DecisionResponse(entry.purpose, entry.decision, entry.purposeVersion, entry.consentVersion,
                entry.recordedAt, entry.expiresAt, entry.channel, receipt, replayed);
    }

    public LedgerEntryResponse entry(LedgerEntry entry) {
        return new LedgerEntryResponse(entry.id, entry.purpose, entry.purposeVersion, entry.consentVersion,
                entry.decision, entry.reason, entry.recordedAt, entry.channel, entry.actor, entry.expiresAt,
                entry.entryHash);
    }

    public PartnerReadResponse partnerRead(PartnerRead read) {
        return new PartnerReadResponse(read.partner, read.purpose, read.readAt);
    }

    public PartnerConsentResponse partnerConsent(String subject, CurrentConsent current) {
        return new PartnerConsentResponse(subject, current.purpose().purpose(), current.effectiveState(),
                current.purpose().version(),
                current.state().filter(s -> "granted".equals(current.effectiveState())).map(StateSnapshot::expiresAt)
                        .orElse(null));
    }

    public ChainVerificationResponse chain(LedgerVerifier.Report report) {
        LedgerVerifier.BrokenLink link = report.firstBrokenLink();
        LedgerVerifier.CheckpointSummary checkpoint = report.checkpoint();
        return new ChainVerificationResponse(report.intact(), report.subjectsChecked(), report.entriesChecked(),
                link == null ? null : new BrokenLinkResponse(link.subject(), link.entryId(),
                        link.entryId() == null ? null : link.consentVersion(), link.purpose(), link.problem()),
                checkpoint == null ? null : new CheckpointResponse(checkpoint.id(), checkpoint.createdAt(),
                        checkpoint.lastEntryId(), checkpoint.subjects(), checkpoint.entries(), checkpoint.problem()));
    }

    public HistoryResponse history(String subject, ConsentService.HistoryPage page) {
        return new HistoryResponse(subject, page.entries().stream().map(this::entry).toList(),
                page.partnerReads().stream().map(this::partnerRead).toList(), page.nextCursor());
    }

    public ReceiptVerificationResponse receipt(ReceiptStanding.Standing standing) {
        ReceiptStanding.Superseding next = standing.supersededBy();
        return new ReceiptVerificationResponse(standing.valid(), standing.reason(), standing.claims(),
                standing.inLedger(), standing.current(),
                next == null ? null : new SupersedingResponse(next.decision(), next.consentVersion(), next.recordedAt()),
                standing.erased());
    }

    public ErasureResponse erasure(ErasureService.Status status) {
        Map<String, ErasureServiceResponse> services = new LinkedHashMap<>();
        status.services().forEach((service, confirmed) -> services.put(service,
                new ErasureServiceResponse(confirmed.status(), confirmed.completedAt(), confirmed.deleted())));
        return new ErasureResponse(status.requestId(), status.requestedAt(), status.status(), services);
    }

    public ExportResponse export(String subject, List<CurrentConsent> consents, ConsentService.Export export,
            Function<LedgerEntry, String> receipts, Instant generatedAt) {
        return new ExportResponse(OutboxWriter.SOURCE, true, generatedAt, new ExportData(subject,
                consents.stream().map(this::consent).toList(),
                export.entries().stream().map(e -> new ExportedLedgerEntry(entry(e), receipts.apply(e))).toList(),
                export.partnerReads().stream().map(this::partnerRead).toList()));
    }
}
