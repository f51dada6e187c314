package dev.personalization.gateway.dev;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.infra.DevTokens;
import dev.personalization.infra.Ports;
import dev.personalization.infra.testing.ProductionStart;
import dev.personalization.infra.testing.ProductionStart.Outcome;
import dev.personalization.infra.testing.ProductionStart.RequiredSetting;
import dev.personalization.infra.testing.ServiceProcess;
import dev.personalization.infra.testing.TestKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway in the prod profile: the shop page is there for anyone, the demo sign-in is not
 * (unless an operator turns it on, as {@code ./suite up} does, and then only with its key).
 */
class DemoSignInIT {

    private static final Path MODULE = Path.of(".").toAbsolutePath().normalize();
    // port 1: nothing listens there, and the gateway sends nothing before a request comes
    private static final String NOWHERE = "http://127.0.0.1:1";
    /** What a production gateway needs, as ProductionConfigIT lists it; nothing about the demo. */
    private static final List<RequiredSetting> PRODUCTION = List.of(
            new RequiredSetting("SUITE_JWT_PUBLIC_KEY", "mp.jwt.verify.publickey.location",
                    TestKeys.keys().publicKey("jwt").toUri().toString()),
            new RequiredSetting("SUITE_JWT_ISSUER", "mp.jwt.verify.issuer", DevTokens.ISSUER),
            new RequiredSetting("SUITE_JWT_AUDIENCE", "mp.jwt.verify.audiences", DevTokens.AUDIENCE),
            new RequiredSetting("GATEWAY_BACKENDS_CONSENT", "gateway.backends.consent", NOWHERE),
            new RequiredSetting("GATEWAY_BACKENDS_PROFILE", "gateway.backends.profile", NOWHERE),
            new RequiredSetting("GATEWAY_BACKENDS_RECOMMENDATION", "gateway.backends.recommendation", NOWHERE),
            new RequiredSetting("GATEWAY_BACKENDS_MANAGEMENT_CONSENT", "gateway.backends-management.consent", NOWHERE),
            new RequiredSetting("GATEWAY_BACKENDS_MANAGEMENT_PROFILE", "gateway.backends-management.profile", NOWHERE),
            new RequiredSetting("GATEWAY_BACKENDS_MANAGEMENT_RECOMMENDATION",
                    "gateway.backends-management.recommendation", NOWHERE));

    @Test
    void inProductionThePageIsServedAndTheDemoSignInDoesNotExist() {
        int port = Ports.freePort();
        ServiceProcess gateway = ServiceProcess.start("gateway-prod-demo-off", MODULE, port, productionSettings());
        try {
            assertTrue(Ports.awaitListening(port, Duration.ofSeconds(90)), "the gateway did not start");
            given().baseUri(gateway.baseUrl()).port(port).get("/").then()
                    .statusCode(200).contentType(containsString("text/html"));
            given().baseUri(gateway.baseUrl()).port(port).contentType("application/json")
                    .body("{\"subject\": \"demo-shopper-1\"}").post("/dev/token").then()
                    .statusCode(404).contentType("application/problem+json");
            given().baseUri(gateway.baseUrl()).port(port).get("/dev/shoppers").then()
                    .statusCode(404).contentType("application/problem+json");
        } finally {
            gateway.stop();
        }
    }

    @Test
    void turnedOnWithoutItsSigningKeyTheGatewayStopsAtStartNamingIt() {
        Map<String, String> environment = new LinkedHashMap<>();
        PRODUCTION.forEach(setting -> environment.put(setting.variable(), setting.sample()));
        environment.put("GATEWAY_DEMO_ENABLED", "true");
        Outcome outcome = ProductionStart.run(MODULE, environment, Duration.ofSeconds(60));
        assertTrue(outcome.stopped(), "started without a signing key:\n" + outcome.output());
        assertTrue(outcome.output().contains("GATEWAY_DEMO_SIGNING_KEY"), outcome.output());
    }

    private static Map<String, String> productionSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        PRODUCTION.forEach(setting -> settings.put(setting.property(), setting.sample()));
        return settings;
    }
}
