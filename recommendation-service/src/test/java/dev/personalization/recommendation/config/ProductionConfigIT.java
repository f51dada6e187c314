package dev.personalization.recommendation.config;

import dev.personalization.infra.testing.ProductionConfigContract;
import dev.personalization.infra.testing.ProductionStart;
import dev.personalization.infra.testing.ProductionStart.RequiredSetting;
import dev.personalization.infra.testing.TestKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** recommendation-service in production: every setting it needs, and nothing that falls back to dev material. */
class ProductionConfigIT extends ProductionConfigContract {

    @Override
    protected List<RequiredSetting> requiredSettings() {
        List<RequiredSetting> settings = new ArrayList<>(ProductionStart.databaseServiceSettings("recommendation_prod_it"));
        // the consent view believes only events signed by these keys (kid=PEM file, comma-separated)
        settings.add(new RequiredSetting("SUITE_EVENT_TRUSTED_KEYS", "consent-view.trusted-keys",
                "events-2026=" + TestKeys.keys().publicKey("events")));
        return settings;
    }

    /** Issue 13: PLAINTEXT to a broker on another host, or SASL without credentials, stops the start. */
    @Test
    void anUnsafeBrokerConnectionStopsTheStart() {
        ProductionStart.assertRefusesUnsafeKafka(Path.of("."), requiredSettings());
    }
}
