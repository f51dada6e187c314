package dev.personalization.consentview.service;

import dev.personalization.consentview.config.ConsentViewConfig;
import dev.personalization.contracts.EventSignatures;
import dev.personalization.contracts.Topics;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * Which consent events the view believes: those signed by one of the keys in
 * {@code consent-view.trusted-keys}, over exactly the topic, key and value they arrived with. Read at
 * start, so that a missing or unreadable key stops the start instead of every event being dropped.
 */
@Startup
@ApplicationScoped
public class ConsentEventTrust {

    private static final Logger LOG = Logger.getLogger(ConsentEventTrust.class);
    private static final String SETTING = "consent-view.trusted-keys (SUITE_EVENT_TRUSTED_KEYS)";

    private final EventSignatures.Verifier verifier;

    public ConsentEventTrust(ConsentViewConfig config) {
        this.verifier = new EventSignatures.Verifier(trustedKeys(config.trustedKeys()));
        LOG.infof("consent events are trusted when signed by kid %s", String.join(", ", verifier.kids()));
    }

    /** Parses {@code kid=location} entries; errors name the setting and the entry, never key material. */
    static Map<String, PublicKey> trustedKeys(List<String> entries) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (String entry : entries) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0 || equals == trimmed.length() - 1) {
                throw new IllegalStateException(SETTING + ": an entry is not kid=location");
            }
            String kid = trimmed.substring(0, equals).trim();
            if (!EventSignatures.validKid(kid)) {
                throw new IllegalStateException(SETTING + ": a kid is 1 to 64 of A-Z a-z 0-9 . _ -");
            }
            if (keys.containsKey(kid)) {
                throw new IllegalStateException(SETTING + ": kid " + kid + " is given twice");
            }
            try {
                keys.put(kid, EventSignatures.readPublicKey(trimmed.substring(equals + 1).trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(SETTING + ", kid " + kid + ": " + e.getMessage());
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException(SETTING + ": no trusted key given");
        }
        return keys;
    }

    public Set<String> kids() {
        return verifier.kids();
    }

    /** Null when the record is signed by a trusted key over exactly what it carries; otherwise why not. */
    public EventSignatures.Rejection check(ConsumerRecord<byte[], byte[]> record) {
        Header header = null;
        for (Header candidate : record.headers().headers(Topics.SIGNATURE_HEADER)) {
            if (header != null) {
                // which of two signatures would a reader believe? Neither.
                return EventSignatures.Rejection.MALFORMED;
            }
            header = candidate;
        }
        return verifier.verify(record.topic(), record.key(), record.value(), header == null ? null : header.value());
    }
}
