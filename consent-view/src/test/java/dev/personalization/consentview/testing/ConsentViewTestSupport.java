package dev.personalization.consentview.testing;

import dev.personalization.consentview.service.ConsentViewService;
import dev.personalization.consentview.service.ConsentViewService.CurrentConsent;
import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.Topics;
import dev.personalization.infra.testing.Eventually;
import dev.personalization.infra.testing.TestEvents;
import dev.personalization.kit.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What the consent view's tests share: fresh pseudonyms, decisions published on the real broker, and
 * polling of the view. The view only ever holds what events carry, so the tests use pseudonyms directly.
 */
public final class ConsentViewTestSupport {

    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** The view's counter (ConsentDecisionConsumer.METRIC). */
    public static final String METRIC = "consent.view.events";

    private ConsentViewTestSupport() {
    }

    public static String newPseudonym() {
        return "pseudonym-" + UUID.randomUUID();
    }

    public static EventEnvelope<ConsentDecisionV1> decision(String pseudonym, String purpose, String state,
            long consentVersion, Instant expiresAt) {
        return TestEvents.consentDecision(pseudonym, purpose, state, consentVersion, expiresAt);
    }

    public static EventEnvelope<ConsentDecisionV1> grant(String pseudonym, String purpose, long consentVersion) {
        return decision(pseudonym, purpose, ConsentDecisionV1.GRANTED, consentVersion,
                Instant.now().truncatedTo(ChronoUnit.MILLIS).plus(Duration.ofDays(365)));
    }

    /** The same event (same id) with other content, as a buggy producer or a replay might send it. */
    public static EventEnvelope<ConsentDecisionV1> sameIdWith(EventEnvelope<ConsentDecisionV1> event,
            ConsentDecisionV1 data) {
        return new EventEnvelope<>(event.id(), event.type(), event.source(), event.time(), event.subject(),
                event.schemaVersion(), data);
    }

    public static void publish(EventEnvelope<?> event) {
        TestEvents.publish(Topics.CONSENT_DECISIONS, event);
    }

    /** Sends the value as given, signed with the trusted test key. */
    public static void publishRaw(String key, String value) {
        TestEvents.publishRaw(Topics.CONSENT_DECISIONS, key, value);
    }

    /** Sends the value with exactly this signature header (none when null): what an attacker on the broker can do. */
    public static void publishForged(String key, String value, String signature) {
        TestEvents.publishWithSignature(Topics.CONSENT_DECISIONS, key, value, signature);
    }

    /** How often the view counted this outcome so far (0 before the first). */
    public static double counted(MeterRegistry metrics, String outcome) {
        Counter counter = metrics.find(METRIC).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The view's row for the purpose, column by column, to show that nothing in it changed. */
    public static Map<String, Object> row(DataSource dataSource, String pseudonym, String purpose) {
        try (var connection = dataSource.getConnection();
                var statement = connection.prepareStatement("SELECT state, consent_version, purpose_version, "
                        + "decided_at, expires_at, updated_at FROM consent_view WHERE pseudonym = ? AND purpose = ?")) {
            statement.setString(1, pseudonym);
            statement.setString(2, purpose);
            try (var rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new AssertionError("no consent_view row");
                }
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    row.put(rows.getMetaData().getColumnName(i), rows.getObject(i));
                }
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The purpose's current consent in the view, as the service reads it now. */
    public static Optional<CurrentConsent> current(ConsentViewService views, String pseudonym, String purpose) {
        return views.current(pseudonym, Instant.now()).stream()
                .filter(consent -> consent.view().purpose.equals(purpose))
                .findFirst();
    }

    /**
     * Whether the purpose currently reads as {@code state} at {@code consentVersion}; false while the view
     * refuses to answer because it is catching up.
     */
    public static boolean holds(ConsentViewService views, String pseudonym, String purpose, String state,
            long consentVersion) {
        try {
            return current(views, pseudonym, purpose)
                    .filter(consent -> consent.effectiveState().equals(state)
                            && consent.view().consentVersion == consentVersion)
                    .isPresent();
        } catch (ProblemException e) {
            return false;
        }
    }

    /** Waits until the view answers: at start it refuses (503) until it has caught up with the topic. */
    public static void awaitCaughtUp(ConsentViewService views) {
        Eventually.await("the consent view caught up", TIMEOUT, () -> {
            try {
                views.requireCaughtUp();
                return true;
            } catch (ProblemException e) {
                return false;
            }
        });
    }

    /** Polls the view until the purpose reads as {@code state} at {@code consentVersion}; fails after {@link #TIMEOUT}. */
    public static void awaitConsent(ConsentViewService views, String pseudonym, String purpose, String state,
            long consentVersion) {
        Eventually.await("the consent view holding " + purpose + " " + state + " v" + consentVersion, TIMEOUT,
                () -> holds(views, pseudonym, purpose, state, consentVersion));
    }

    /**
     * Publishes a decision for a purpose the test does not otherwise use and waits until it shows: a
     * subject's events share a partition and are applied in order, so everything published before it
     * has been handled by then.
     */
    public static void publishMarker(ConsentViewService views, String pseudonym) {
        publish(decision(pseudonym, "marker", ConsentDecisionV1.DENIED, 1, null));
        awaitConsent(views, pseudonym, "marker", ConsentDecisionV1.DENIED, 1);
    }

    public static List<String> purposes(ConsentViewService views, String pseudonym) {
        return views.current(pseudonym, Instant.now()).stream().map(consent -> consent.view().purpose).toList();
    }
}
