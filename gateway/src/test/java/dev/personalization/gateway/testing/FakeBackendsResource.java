package dev.personalization.gateway.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the three fake backends on free loopback ports and points the gateway at them, with short
 * timeouts so that the timeout tests run quickly. A fake answers every path on its one port, so it
 * stands in for the backend's management interface (liveness) as well, under {@link #MANAGEMENT_BASE_PATH}.
 */
public class FakeBackendsResource implements QuarkusTestResourceLifecycleManager {

    /**
     * The base path the fakes' "management interfaces" are given: each fake answers every path on its one
     * port, so this path is what shows that a request went to the management URL.
     */
    public static final String MANAGEMENT_BASE_PATH = "/management";

    /** Short enough for a quick 504 test, long enough for a cold first request on a slow machine. */
    public static final String BACKEND_TIMEOUT = "2s";

    private FakeBackends backends;

    @Override
    public Map<String, String> start() {
        backends = FakeBackends.start();
        return Map.of(
                "gateway.backends.consent", backends.consent().baseUri(),
                "gateway.backends.profile", backends.profile().baseUri(),
                "gateway.backends.recommendation", backends.recommendation().baseUri(),
                "gateway.backends-management.consent", backends.consent().baseUri() + MANAGEMENT_BASE_PATH,
                "gateway.backends-management.profile", backends.profile().baseUri() + MANAGEMENT_BASE_PATH,
                "gateway.backends-management.recommendation", backends.recommendation().baseUri() + MANAGEMENT_BASE_PATH,
                "gateway.backend-timeout", BACKEND_TIMEOUT,
                "gateway.health-check-timeout", "1s");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(backends,
                new TestInjector.AnnotatedAndMatchesType(InjectFakeBackends.class, FakeBackends.class));
    }

    @Override
    public void stop() {
        if (backends != null) {
            backends.stopAll();
        }
    }
}
