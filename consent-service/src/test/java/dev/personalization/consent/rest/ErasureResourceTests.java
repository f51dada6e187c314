package dev.personalization.consent.rest;

import static dev.personalization.consent.testing.ConsentTestSupport.decide;
import static dev.personalization.consent.testing.ConsentTestSupport.newSubject;
import static dev.personalization.consent.testing.ConsentTestSupport.pseudonym;
import static dev.personalization.consent.testing.ConsentTestSupport.readEvents;
import static dev.personalization.consent.testing.ConsentTestSupport.ref;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.personalization.consent.service.LedgerVerifier;
import dev.personalization.contracts.ErasureCompletedV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.EventSignatures;
import dev.personalization.contracts.Topics;
import dev.personalization.infra.testing.Eventually;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestEvents;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * DELETE /api/me and GET /api/me/erasure/{id} against the real database and broker: the signed request on
 * its topic, the withdrawals, the confirmations of the other services, and what remains afterwards.
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent_test"))
class ErasureResourceTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    DataSource dataSource;

    @Inject
    LedgerVerifier verifier;

    @Test
    void aRequestWithdrawsEveryGrantPublishesASignedRequestAndRefusesDecisionsWhileOpen() {
        String subject = newSubject();
        decide(subject, "browsing", true).statusCode(200);
        decide(subject, "purchases", true).statusCode(200);
        decide(subject, "search", false).statusCode(200);

        ExtractableResponse<Response> first = erase(subject);
        String id = first.path("requestId");
        assertEquals("/api/me/erasure/" + id, first.header("Location"), "relative Location");
        assertEquals("pending", first.path("status"));
        assertEquals("pending", first.path("services.profile-service.status"));
        assertEquals("pending", first.path("services.recommendation-service.status"));
        // a repeat while open is the same request
        assertEquals(id, erase(subject).path("requestId"));

        List<ConsumerRecord<String, String>> requests = TestEvents.readRecords(bootstrap(), Topics.ERASURE_REQUESTED,
                pseudonym(subject), 1, WAIT);
        assertEquals(1, requests.size(), "one request on the topic, the repeat published nothing");
        ConsumerRecord<String, String> request = requests.get(0);
        EventSignatures.Verifier trusting = new EventSignatures.Verifier(Map.of(TestKeys.EVENTS_KID,
                EventSignatures.readPublicKey(TestKeys.keys().publicKey("events").toString())));
        assertNull(trusting.verify(request.topic(), request.key(), request.value(), signature(request)),
                "signed with the consent event key");
        JsonNode event = TestEvents.JSON.valueToTree(json(request.value()));
        assertEquals("privacy.erasure-requested.v1", event.get("type").asText());
        assertEquals(pseudonym(subject), event.get("subject").asText());
        assertEquals(id, event.at("/data/requestId").asText());
        assertTrue(!request.value().contains(subject), "the raw subject id does not travel");

        // both grants withdrawn (channel erasure), the refusal left as it was
        List<JsonNode> decisions = readEvents(Topics.CONSENT_DECISIONS, pseudonym(subject), 5, WAIT);
        assertEquals(List.of("browsing:granted", "purchases:granted", "search:denied", "browsing:withdrawn",
                "purchases:withdrawn"), decisions.stream()
                .map(d -> d.at("/data/purpose").asText() + ":" + d.at("/data/state").asText()).toList());

        for (boolean granted : new boolean[] {true, false}) {
            decide(subject, "browsing", granted).statusCode(409).contentType("application/problem+json")
                    .body("type", equalTo("https://personalization.local/problems/conflict"));
        }
        given().auth().oauth2(TestKeys.user(subject)).get("/api/consents/me").then().statusCode(200)
                .body("consents.state", org.hamcrest.Matchers.everyItem(equalTo("none")));
    }

    @Test
    void theRequestCompletesOnceEveryRequiredServiceConfirmedAndUnknownOnesAreIgnored() {
        String subject = newSubject();
        decide(subject, "browsing", true).statusCode(200);
        UUID id = UUID.fromString(erase(subject).path("requestId"));

        confirm(subject, id, "profile-service", Map.of("profile_datum", 4L));
        awaitService(subject, id, "profile-service", "done");
        // not configured as required: recorded, not waited for, not shown
        confirm(subject, id, "analytics-service", Map.of());
        // an unknown request and a confirmation naming another subject change nothing
        confirm(subject, UUID.randomUUID(), "recommendation-service", Map.of());
        confirm(newSubject(), id, "recommendation-service", Map.of());
        // a repeat is harmless
        confirm(subject, id, "profile-service", Map.of("profile_datum", 0L));
        status(subject, id).statusCode(200)
                .body("status", equalTo("pending"))
                .body("services.profile-service.status", equalTo("done"))
                .body("services.profile-service.completedAt", notNullValue())
                .body("services.profile-service.deleted.profile_datum", equalTo(4))
                .body("services.recommendation-service.status", equalTo("pending"))
                .body("services", not(hasKey("analytics-service")));

        confirm(subject, id, "recommendation-service", Map.of("features", 2L));
        Eventually.await("the request completes", WAIT,
                () -> "completed".equals(status(subject, id).extract().path("status")));
        status(subject, id).statusCode(200)
                .body("services.recommendation-service.status", equalTo("done"))
                .body("services.profile-service.deleted.profile_datum", equalTo(4));
        // once completed the subject may decide again, on a new chain
        decide(subject, "browsing", true).statusCode(200);
        // a new request is a new request
        assertTrue(!id.toString().equals(erase(subject).path("requestId")));
    }

    @Test
    void anotherSubjectsRequestIsNotFound() {
        String subject = newSubject();
        String id = erase(subject).path("requestId");
        status(newSubject(), UUID.fromString(id)).statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestKeys.user(subject)).get("/api/me/erasure/not-an-id").then().statusCode(404);
        given().auth().oauth2(TestKeys.partner("shop-analytics", "consent:read")).delete("/api/me").then()
                .statusCode(403);
        given().delete("/api/me").then().statusCode(401);
    }

    @Test
    void afterErasureNoTableNamesTheSubjectTheChainStillVerifiesAndReceiptsSayErased() throws SQLException {
        String subject = newSubject();
        String receipt = decide(subject, "browsing", true).statusCode(200).extract().path("receipt");
        given().auth().oauth2(TestKeys.user(subject)).contentType("application/json")
                .header("Idempotency-Key", "erase-me-1").body("{\"granted\": true, \"channel\": \"api\"}")
                .put("/api/consents/me/purchases").then().statusCode(200);
        given().auth().oauth2(TestKeys.partner("shop-analytics", "consent:read")).queryParam("purpose", "browsing")
                .get("/api/partner/consents/" + subject).then().statusCode(200);
        verifyReceipt(subject, receipt).body("valid", equalTo(true)).body("current", equalTo(true))
                .body("erased", equalTo(false));
        String chain = ref(subject);
        assertTrue(textColumnsContaining(subject).size() > 0, "the search finds the subject before the erasure");

        UUID id = UUID.fromString(erase(subject).path("requestId"));
        readEvents(Topics.ERASURE_REQUESTED, pseudonym(subject), 1, WAIT);
        confirm(subject, id, "profile-service", Map.of());
        confirm(subject, id, "recommendation-service", Map.of());
        Eventually.await("the request completes", WAIT,
                () -> "completed".equals(status(subject, id).extract().path("status")));

        assertEquals(List.of(), textColumnsContaining(subject), "the raw subject id");
        assertEquals(List.of(), textColumnsContaining(pseudonym(subject)), "the pseudonym");
        // the minimum proof stays: the entries (two grants, two withdrawals), sealed, and their chain verifies
        assertEquals(4L, ledgerEntries(chain));
        LedgerVerifier.Report report = verifier.verifyChain(chain);
        assertTrue(report.intact(), "the chain verifies: " + report.firstBrokenLink());
        assertEquals(4L, report.entriesChecked());
        verifyReceipt(newSubject(), receipt)
                .body("valid", equalTo(true))
                .body("inLedger", equalTo(true))
                .body("current", equalTo(false))
                .body("erased", equalTo(true));
        // the shopper's own views are empty
        given().auth().oauth2(TestKeys.user(subject)).get("/api/consents/me/history").then().statusCode(200)
                .body("entries.size()", equalTo(0)).body("partnerReads.size()", equalTo(0));
    }

    @Test
    void theExportHoldsDecisionsLedgerWithReceiptsAndPartnerReads() {
        String subject = newSubject();
        decide(subject, "browsing", true).statusCode(200);
        decide(subject, "browsing", false).statusCode(200);
        given().auth().oauth2(TestKeys.partner("shop-analytics", "consent:read")).queryParam("purpose", "browsing")
                .get("/api/partner/consents/" + subject).then().statusCode(200);

        ExtractableResponse<Response> export = given().auth().oauth2(TestKeys.user(subject))
                .get("/api/consents/me/export").then().statusCode(200)
                .body("service", equalTo("consent-service"))
                .body("complete", equalTo(true))
                .body("generatedAt", notNullValue())
                .body("data.subject", equalTo(subject))
                .body("data.consents.find { it.purpose == 'browsing' }.state", equalTo("withdrawn"))
                .body("data.ledger.size()", equalTo(2))
                .body("data.ledger[0].decision", equalTo("granted"))
                .body("data.ledger[0].channel", equalTo("web"))
                .body("data.ledger[1].decision", equalTo("withdrawn"))
                .body("data.partnerReads.size()", equalTo(1))
                .body("data.partnerReads[0].partner", equalTo("shop-analytics"))
                .extract();
        String receipt = export.path("data.ledger[1].receipt");
        verifyReceipt(subject, receipt).body("valid", equalTo(true)).body("current", equalTo(true));
        // nothing of another subject
        given().auth().oauth2(TestKeys.user(newSubject())).get("/api/consents/me/export").then().statusCode(200)
                .body("data.ledger.size()", equalTo(0)).body("data.partnerReads.size()", equalTo(0));
    }

    private static ExtractableResponse<Response> erase(String subject) {
        return given().auth().oauth2(TestKeys.user(subject)).delete("/api/me").then()
                .statusCode(202).contentType("application/json").extract();
    }

    private static io.restassured.response.ValidatableResponse status(String subject, UUID id) {
        return given().auth().oauth2(TestKeys.user(subject)).get("/api/me/erasure/" + id).then();
    }

    private static void awaitService(String subject, UUID id, String service, String state) {
        Eventually.await(service + " " + state, WAIT,
                () -> state.equals(status(subject, id).extract().path("services." + service + ".status")));
    }

    private static io.restassured.response.ValidatableResponse verifyReceipt(String viewer, String receipt) {
        return given().auth().oauth2(TestKeys.user(viewer)).contentType("application/json")
                .body(Map.of("receipt", receipt)).post("/api/consents/receipts/verify").then().statusCode(200);
    }

    /** What profile-service or recommendation-service publish when they have erased (unsigned by contract). */
    private static void confirm(String subject, UUID id, String service, Map<String, Long> deleted) {
        Instant now = Instant.now();
        TestEvents.publish(Topics.ERASURE_COMPLETED, new EventEnvelope<>(UUID.randomUUID(), ErasureCompletedV1.TYPE,
                service, now, pseudonym(subject), ErasureCompletedV1.SCHEMA_VERSION,
                new ErasureCompletedV1(id, service, now, deleted)));
    }

    /** Every text column of every table of the service's schema that holds the value anywhere: table.column. */
    private List<String> textColumnsContaining(String value) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            List<String[]> columns = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT c.table_name, c.column_name "
                    + "FROM information_schema.columns c JOIN information_schema.tables t "
                    + "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
                    + "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
                    + "AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    columns.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
            assertTrue(columns.size() > 20, "the search covers the schema's text columns");
            for (String[] column : columns) {
                try (PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM \"" + column[0]
                        + "\" WHERE strpos(\"" + column[1] + "\"::text, ?) > 0")) {
                    query.setString(1, value);
                    try (ResultSet rows = query.executeQuery()) {
                        rows.next();
                        if (rows.getLong(1) > 0) {
                            found.add(column[0] + "." + column[1]);
                        }
                    }
                }
            }
        }
        return found;
    }

    private long ledgerEntries(String chain) {
        return dev.personalization.consent.testing.ConsentTestSupport.count(dataSource,
                "SELECT count(*) FROM consent_ledger WHERE subject_ref = ?", chain);
    }

    private static String signature(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(Topics.SIGNATURE_HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
    }

    private static Object json(String value) {
        try {
            return TestEvents.JSON.readTree(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
