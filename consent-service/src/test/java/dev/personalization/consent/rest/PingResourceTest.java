package dev.personalization.consent.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.personalization.consent.config.ConsentConfig;
import dev.personalization.kit.problem.ProblemException;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** Outside the benchmark's own instance, /api/ping does not exist: every /api path needs a token. */
class PingResourceTest {

    private static ConsentConfig config(boolean benchmarkEndpoints) {
        return (ConsentConfig) Proxy.newProxyInstance(ConsentConfig.class.getClassLoader(),
                new Class<?>[] {ConsentConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("benchmarkEndpoints")) {
                        return benchmarkEndpoints;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void theBaselinesAreNotFoundByDefault() {
        PingResource resource = new PingResource(config(false));
        assertEquals(404, assertThrows(ProblemException.class, resource::ping).problem().status());
        assertEquals(404, assertThrows(ProblemException.class, resource::authenticatedPing).problem().status());
    }

    @Test
    void theBenchmarkInstanceServesThem() {
        PingResource resource = new PingResource(config(true));
        assertEquals("pong", resource.ping());
        assertEquals("pong", resource.authenticatedPing());
    }
}
