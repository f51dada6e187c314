package dev.personalization.consent.config;

import dev.personalization.infra.DevKeys;
import dev.personalization.infra.testing.ProductionConfigContract;
import dev.personalization.infra.testing.ProductionStart;
import dev.personalization.infra.testing.ProductionStart.RequiredSetting;
import dev.personalization.infra.testing.TestKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** consent-service in production: every setting it needs, and nothing that falls back to dev material. */
class ProductionConfigIT extends ProductionConfigContract {

    @Override
    protected List<RequiredSetting> requiredSettings() {
        DevKeys keys = TestKeys.keys();
        List<RequiredSetting> settings = new ArrayList<>(ProductionStart.databaseServiceSettings("consent_prod_it"));
        settings.add(new RequiredSetting("SUITE_RECEIPT_PRIVATE_KEY", "suite.keys.receipt-private",
                keys.privateKey("receipt").toString()));
        settings.add(new RequiredSetting("SUITE_RECEIPT_PUBLIC_KEY", "suite.keys.receipt-public",
                keys.publicKey("receipt").toString()));
        settings.add(new RequiredSetting("SUITE_LEDGER_HMAC_KEY", "suite.keys.ledger-hmac",
                "a-ledger-hmac-key-of-at-least-32-characters"));
        settings.add(new RequiredSetting("SUITE_LEDGER_KEK", "suite.keys.ledger-kek",
                "a-ledger-master-key-of-at-least-32-characters"));
        settings.add(new RequiredSetting("SUITE_EVENT_SIGNING_PRIVATE_KEY", "suite.keys.event-signing-private",
                keys.privateKey("events").toString()));
        settings.add(new RequiredSetting("SUITE_EVENT_SIGNING_KID", "suite.keys.event-signing-kid", "events-2026"));
        return settings;
    }

    /** Issue 13: PLAINTEXT to a broker on another host, or SASL without credentials, stops the start. */
    @Test
    void anUnsafeBrokerConnectionStopsTheStart() {
        ProductionStart.assertRefusesUnsafeKafka(Path.of("."), requiredSettings());
    }
}
