package dev.personalization.gateway.config;

import dev.personalization.infra.testing.ProductionConfigContract;
import dev.personalization.infra.testing.ProductionStart.RequiredSetting;
import dev.personalization.infra.testing.TestKeys;
import java.util.List;

/**
 * Outside the dev and test profiles nothing falls back to dev material: the packaged gateway, started
 * in prod with one required setting missing, stops at start and names the setting.
 */
class ProductionConfigIT extends ProductionConfigContract {

    // port 1: nothing listens there, and the gateway sends nothing before a request comes
    private static final String NOWHERE = "http://127.0.0.1:1";

    @Override
    protected List<RequiredSetting> requiredSettings() {
        return List.of(
                new RequiredSetting("SUITE_JWT_PUBLIC_KEY", "mp.jwt.verify.publickey.location",
                        TestKeys.keys().publicKey("jwt").toUri().toString()),
                new RequiredSetting("SUITE_JWT_ISSUER", "mp.jwt.verify.issuer", "https://issuer.example"),
                new RequiredSetting("SUITE_JWT_AUDIENCE", "mp.jwt.verify.audiences", "suite"),
                new RequiredSetting("GATEWAY_BACKENDS_CONSENT", "gateway.backends.consent", NOWHERE),
                new RequiredSetting("GATEWAY_BACKENDS_PROFILE", "gateway.backends.profile", NOWHERE),
                new RequiredSetting("GATEWAY_BACKENDS_RECOMMENDATION", "gateway.backends.recommendation", NOWHERE),
                new RequiredSetting("GATEWAY_BACKENDS_MANAGEMENT_CONSENT", "gateway.backends-management.consent",
                        NOWHERE),
                new RequiredSetting("GATEWAY_BACKENDS_MANAGEMENT_PROFILE", "gateway.backends-management.profile",
                        NOWHERE),
                new RequiredSetting("GATEWAY_BACKENDS_MANAGEMENT_RECOMMENDATION",
                        "gateway.backends-management.recommendation", NOWHERE));
    }
}
