package dev.personalization.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.personalization.gateway.testing.PackagedSuite;
import dev.personalization.infra.testing.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shop page in a real browser against the packaged suite: {@code src/test/web/journey.mjs} drives
 * Debian's Chromium (playwright-core, from the npm registry by {@code npm ci}; no browser is downloaded)
 * through sign-in, consent, views, personalized recommendations, withdrawal, export and erasure, checks
 * accessibility with axe-core, and leaves screenshots at 1280 and 375 px in {@code target/web-journey/}.
 */
class WebJourneyIT {

    private static final Path WEB = Path.of("src", "test", "web").toAbsolutePath();
    private static final Path OUT = Path.of("target", "web-journey").toAbsolutePath();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static PackagedSuite suite;

    @BeforeAll
    static void startTheSuiteWithTheDemoSignIn() {
        suite = PackagedSuite.start("web", Map.of(
                "gateway.demo.enabled", "true",
                "gateway.demo.signing-key", TestKeys.keys().privateKey("jwt").toString()));
        loadCatalog(suite.gateway().baseUrl());
    }

    @AfterAll
    static void stopTheSuite() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void aShopperSeesPersonalizationAppearWithConsentAndDisappearOnWithdrawalInChromium() throws Exception {
        requireTool(CHROMIUM, "Debian's chromium package: apt-get install -y chromium (.ci/run installs it)");
        requireOnPath("node", "Node.js: apt-get install -y nodejs npm (.ci/run installs it)");
        Files.createDirectories(OUT);
        run("npm ci", List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), Map.of(), 300);
        int exit = run("journey", List.of("node", "journey.mjs"),
                Map.of("GATEWAY_URL", suite.gateway().baseUrl(), "OUT_DIR", OUT.toString(),
                        "CHROMIUM", CHROMIUM.toString()), 600);
        assertEquals(0, exit, "the browser journey failed; see " + OUT.resolve("journey.log") + ", "
                + OUT.resolve("journey.json") + " and the screenshots beside them");
    }

    /** A small catalog in three categories and one deal for everyone, through the gateway as a partner. */
    private static void loadCatalog(String gateway) {
        List<Map<String, Object>> products = new ArrayList<>();
        String[][] lines = {
                {"home/candles", "candle", "White pillar candle", "Vanilla tea lights", "Lavender jar candle", "Birch candle holder"},
                {"kitchen/mugs-cups", "mug", "Blue spotty mug", "Enamel camping mug", "Tall latte cup", "Striped tea cup"},
                {"toys/games", "game", "Wooden jigsaw puzzle", "Pocket card game", "Magnetic chess set", "Marble run kit"}};
        for (String[] line : lines) {
            for (int i = 2; i < line.length; i++) {
                products.add(Map.of("id", "web-" + line[1] + "-" + (i - 1), "title", line[i], "category", line[0],
                        "price", 2.5 * i, "terms", List.of(line[1])));
            }
        }
        String partner = TestKeys.partner("web-journey-catalog", "catalog:write", "deals:write");
        given().baseUri(gateway).auth().oauth2(partner).contentType("application/json").body(products)
                .post("/api/catalog/products").then().statusCode(200);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        given().baseUri(gateway).auth().oauth2(partner).contentType("application/json")
                .body(Map.of("category", "kitchen/mugs-cups", "percentOff", 15,
                        "validFrom", now.minus(1, ChronoUnit.DAYS).toString(),
                        "validUntil", now.plus(7, ChronoUnit.DAYS).toString()))
                .put("/api/deals/web-mugs").then().statusCode(201);
    }

    private static int run(String what, List<String> command, Map<String, String> environment, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path log = OUT.resolve(what.replace(' ', '-') + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(WEB.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(what + " did not finish within " + timeoutSeconds + " s; see " + log);
        }
        System.out.println(Files.readString(log));
        if (process.exitValue() != 0 && !what.equals("journey")) {
            throw new AssertionError(what + " failed (exit " + process.exitValue() + "); see " + log);
        }
        return process.exitValue();
    }

    private static void requireTool(Path tool, String install) {
        if (!Files.isExecutable(tool)) {
            throw new AssertionError(tool + " is missing: install " + install);
        }
    }

    private static void requireOnPath(String tool, String install) {
        boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
        if (!found) {
            throw new AssertionError(tool + " is not on the PATH: install " + install);
        }
    }
}
