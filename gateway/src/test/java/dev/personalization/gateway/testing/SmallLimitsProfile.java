package dev.personalization.gateway.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Buckets and circuits small enough to reach in a few requests (LimitsTests, ResilienceTests). */
public class SmallLimitsProfile implements QuarkusTestProfile {

    public static final int SHOPPER_BURST = 3;
    public static final int PARTNER_BURST = 2;
    public static final int FAILURE_THRESHOLD = 2;
    public static final String OPEN_FOR = "30s";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gateway.routes.shopper.burst", String.valueOf(SHOPPER_BURST),
                // one token back every 10 s
                "gateway.routes.shopper.rate-per-second", "0.1",
                "gateway.routes.partner.burst", String.valueOf(PARTNER_BURST),
                "gateway.routes.partner.rate-per-second", "1",
                "gateway.circuit-breaker.failure-threshold", String.valueOf(FAILURE_THRESHOLD),
                "gateway.circuit-breaker.open-for", OPEN_FOR);
    }
}
