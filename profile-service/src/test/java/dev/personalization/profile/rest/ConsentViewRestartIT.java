package dev.personalization.profile.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.SubjectPseudonym;
import dev.personalization.contracts.Topics;
import dev.personalization.infra.DevTokens;
import dev.personalization.infra.Ports;
import dev.personalization.infra.Postgres.ServiceDatabase;
import dev.personalization.infra.testing.ServiceProcess;
import dev.personalization.infra.testing.TestEvents;
import dev.personalization.infra.testing.TestKafka;
import dev.personalization.infra.testing.TestKeys;
import dev.personalization.infra.testing.TestPostgres;
import dev.personalization.kit.problem.ProblemType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged profile-service killed ({@code kill -9}) while it consumes a burst of decisions, and
 * started again: its readiness is not UP before its view agrees with everything published, the consent
 * API answers 503 rather than a stale view meanwhile, and it agrees within 10 s of the restart.
 */
class ConsentViewRestartIT {

    private static final Duration AGREEMENT_BOUND = Duration.ofSeconds(10);
    private static final List<String> PURPOSES = List.of("browsing", "purchases", "search");
    private static final int SUBJECTS = 40;
    private static final int VERSIONS = 15;

    private final String secret = "restart-it-" + UUID.randomUUID();
    private final SubjectPseudonym pseudonyms = new SubjectPseudonym(secret);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final List<ServiceProcess> started = new ArrayList<>();

    /** A consent state the view should end with: (state, consent version). */
    private record Expected(String state, long consentVersion) {
    }

    @AfterEach
    void stopTheService() {
        started.forEach(ServiceProcess::stop);
    }

    @Test
    void afterAKillMidStreamTheViewIsNotReadyUntilItAgreesAndAgreesWithin10Seconds() throws Exception {
        ServiceDatabase database = TestPostgres.recreate("profile_restart_it");
        ServiceProcess first = start(database, "profile-service-killed");
        first.awaitReady(Duration.ofSeconds(120));

        // the burst: every subject's decisions in consent version order, subjects interleaved
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < SUBJECTS; i++) {
            subjects.add("burst-" + UUID.randomUUID());
        }
        List<EventEnvelope<ConsentDecisionV1>> burst = new ArrayList<>();
        Map<String, Expected> expected = new HashMap<>();
        for (int version = 1; version <= VERSIONS; version++) {
            for (String subject : subjects) {
                for (String purpose : PURPOSES) {
                    String state = version % 2 == 1 ? ConsentDecisionV1.GRANTED : ConsentDecisionV1.WITHDRAWN;
                    Instant expires = state.equals(ConsentDecisionV1.GRANTED)
                            ? Instant.now().truncatedTo(ChronoUnit.MILLIS).plus(Duration.ofDays(365)) : null;
                    burst.add(TestEvents.consentDecision(pseudonyms.of(subject), purpose, state, version, expires));
                    expected.put(pseudonyms.of(subject) + "/" + purpose, new Expected(state, version));
                }
            }
        }
        int cut = burst.size() * 2 / 3;

        // two thirds are published in chunks while the service consumes them; it is killed mid-stream,
        // while the burst is still arriving
        AtomicInteger published = new AtomicInteger();
        CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
            for (int from = 0; from < cut; from += 50) {
                TestEvents.publishBurst(Topics.CONSENT_DECISIONS, burst.subList(from, Math.min(cut, from + 50)));
                published.set(Math.min(cut, from + 50));
            }
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (processed(database) < 200) {
            assertTrue(System.nanoTime() < deadline, "the service applied too little of the burst");
            Thread.sleep(5); // a tight poll: the kill must land while the burst is still arriving
        }
        kill(first);
        int publishedAtTheKill = published.get();
        long appliedBeforeTheKill = processed(database);
        assertTrue(publishedAtTheKill < cut, "killed mid-stream: " + publishedAtTheKill + " of " + cut + " published");
        publisher.get(120, TimeUnit.SECONDS);
        // and the last third while it is down
        TestEvents.publishBurst(Topics.CONSENT_DECISIONS, burst.subList(cut, burst.size()));
        assertTrue(!agrees(database, expected), "the view is behind before the restart");

        Instant restart = Instant.now();
        ServiceProcess second = start(database, "profile-service-restarted");
        String watched = subjects.get(SUBJECTS - 1);
        String watchedToken = TestKeys.user(watched);
        Instant listeningAt = null;
        Instant upAt = null;
        Instant agreedAt = null;
        int notReady = 0;
        int refused = 0;
        while (upAt == null || agreedAt == null) {
            assertTrue(Duration.between(restart, Instant.now()).compareTo(Duration.ofSeconds(90)) < 0,
                    "no agreement within 90 s; see " + second.log());
            if (agreedAt == null && agrees(database, expected)) {
                agreedAt = Instant.now();
            }
            // the consent API: a 503 problem while catching up, the final state once it answers
            HttpResponse<String> consents = get(second.baseUrl() + "/api/profile/me/consents", watchedToken);
            if (consents != null && listeningAt == null) {
                listeningAt = Instant.now();
            }
            if (consents != null && consents.statusCode() == 503) {
                JsonNode problem = TestEvents.JSON.readTree(consents.body());
                assertEquals(ProblemType.SERVICE_UNAVAILABLE.uri(), problem.get("type").asText());
                assertTrue(consents.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
                refused++;
            } else if (consents != null) {
                assertEquals(200, consents.statusCode(), consents.body());
                assertEquals(expectedView(expected, watched), answeredView(consents.body()),
                        "an answer given by the service is the final state, never a stale one");
            }
            HttpResponse<String> readiness = get(second.managementUrl() + "/q/health/ready", null);
            if (readiness != null && readiness.statusCode() == 200 && upAt == null) {
                upAt = Instant.now();
                assertTrue(agrees(database, expected), "readiness said UP before the view agreed");
            } else if (readiness != null && readiness.statusCode() != 200) {
                assertTrue(upAt == null, "readiness went DOWN again after UP: " + readiness.body());
                notReady++;
            }
            Thread.sleep(100); // a poll interval; the deadline above decides
        }

        Duration toAgreement = Duration.between(restart, agreedAt);
        Duration toReady = Duration.between(restart, upAt);
        String measured = String.format("%d of %d events applied before the kill; after the restart: listening %d ms, "
                + "agreed %d ms, ready %d ms; before that %d not-ready readiness answers and %d 503 consent answers",
                appliedBeforeTheKill, burst.size(), Duration.between(restart, listeningAt).toMillis(),
                toAgreement.toMillis(), toReady.toMillis(), notReady, refused);
        System.out.println("consent view restart: " + measured);
        assertTrue(notReady > 0 && refused > 0, "the catching up was seen from outside: " + measured);
        assertTrue(toAgreement.compareTo(AGREEMENT_BOUND) <= 0, measured);
        assertTrue(toReady.compareTo(AGREEMENT_BOUND) <= 0, measured);
        assertEquals(burst.size(), processed(database), "every event applied exactly once");
    }

    /** Starts the packaged service in prod, its log under target/e2e-logs ({@link ServiceProcess#log()}). */
    private ServiceProcess start(ServiceDatabase database, String name) {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        config.put("quarkus.datasource.username", database.app().user());
        config.put("quarkus.datasource.password", database.app().password());
        config.put("quarkus.flyway.username", database.owner().user());
        config.put("quarkus.flyway.password", database.owner().password());
        config.put("kafka.bootstrap.servers", TestKafka.bootstrapServers());
        config.put("mp.jwt.verify.publickey.location", TestKeys.keys().publicKey("jwt").toUri().toString());
        config.put("mp.jwt.verify.issuer", DevTokens.ISSUER);
        config.put("mp.jwt.verify.audiences", DevTokens.AUDIENCE);
        config.put("suite.pseudonym.secret", secret);
        config.putAll(TestKeys.eventTrustConfig());
        ServiceProcess service = ServiceProcess.start(name, Path.of("."), Ports.freePort(), config);
        started.add(service);
        return service;
    }

    /** kill -9: no shutdown hook, no last commit; whatever the view had not committed is lost. */
    private static void kill(ServiceProcess service) throws Exception {
        String portArgument = "-Dquarkus.http.port=" + service.port();
        ProcessHandle process = ProcessHandle.current().children()
                .filter(child -> child.info().arguments().map(List::of).orElse(List.of()).contains(portArgument))
                .findFirst().orElseThrow(() -> new AssertionError("no process for " + service.baseUrl()));
        assertTrue(process.destroyForcibly());
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    private HttpResponse<String> get(String url, String token) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null; // not listening yet
        }
    }

    private Map<String, Expected> expectedView(Map<String, Expected> expected, String subject) {
        Map<String, Expected> view = new HashMap<>();
        for (String purpose : PURPOSES) {
            view.put(purpose, expected.get(pseudonyms.of(subject) + "/" + purpose));
        }
        return view;
    }

    private static Map<String, Expected> answeredView(String body) throws IOException {
        Map<String, Expected> view = new HashMap<>();
        for (JsonNode consent : TestEvents.JSON.readTree(body).get("consents")) {
            view.put(consent.get("purpose").asText(),
                    new Expected(consent.get("state").asText(), consent.get("consentVersion").asLong()));
        }
        return view;
    }

    /** Whether the view's rows for the burst's subjects are exactly the final published state. */
    private static boolean agrees(ServiceDatabase database, Map<String, Expected> expected) throws SQLException {
        Map<String, Expected> actual = new HashMap<>();
        try (Connection connection = connect(database);
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT pseudonym, purpose, state, consent_version FROM consent_view");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                actual.put(rows.getString(1) + "/" + rows.getString(2),
                        new Expected(rows.getString(3), rows.getLong(4)));
            }
        }
        return actual.equals(expected);
    }

    private static long processed(ServiceDatabase database) {
        try (Connection connection = connect(database);
                PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM processed_event");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            // the schema may not exist yet while the service migrates
            return 0;
        }
    }

    private static Connection connect(ServiceDatabase database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.owner().user(), database.owner().password());
    }
}
