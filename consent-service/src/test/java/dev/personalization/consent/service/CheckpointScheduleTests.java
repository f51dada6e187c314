package dev.personalization.consent.service;

import static dev.personalization.consent.testing.ConsentTestSupport.ref;
import static dev.personalization.consent.testing.ConsentTestSupport.decide;
import static dev.personalization.consent.testing.ConsentTestSupport.newSubject;
import static io.restassured.RestAssured.given;
import static dev.personalization.consent.testing.ConsentTestSupport.behindTheServicesBack;
import static dev.personalization.consent.testing.ConsentTestSupport.execute;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.personalization.infra.testing.Eventually;
import dev.personalization.infra.testing.ManagementInterface;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With checkpoints on, the service takes one when it starts, and the admin check reports entries that
 * no checkpoint has covered for longer than consent.ledger.checkpoint-max-age: the sign of deleted
 * recent checkpoints, or of a checkpointer that stopped.
 */
@QuarkusTest
@TestProfile(CheckpointScheduleTests.CheckpointsOn.class)
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent_test"))
class CheckpointScheduleTests {

    /** Checkpoints on, but rarely enough that only the one at start runs during the test. */
    public static class CheckpointsOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("consent.ledger.checkpoint-interval", "1h", "consent.ledger.checkpoint-max-age", "1s");
        }
    }

    @Inject
    LedgerCheckpointer checkpointer;

    /** The round at start has run (so no scheduled round competes with the tests' own). */
    @BeforeEach
    void startRoundDone() {
        Eventually.await("the checkpoint round at start", Duration.ofSeconds(30), () -> ManagementInterface.given()
                .get("/q/metrics").then().extract().asString().contains("consent_ledger_checkpoints_total"));
    }

    @Test
    void entriesNoCheckpointCoversForTooLongAreReportedStaleUntilTheNextCheckpoint() {
        String subject = newSubject();
        decide(subject, "browsing", true).statusCode(200);

        Eventually.await("the entry reported as not covered by a checkpoint", Duration.ofSeconds(15),
                () -> "checkpoint-stale".equals(verify(subject).extract().path("firstBrokenLink.problem")));

        assertEquals(LedgerCheckpointer.Outcome.WRITTEN, checkpointer.checkpoint().outcome());
        given().auth().oauth2(TestKeys.admin("operator")).queryParam("subject", subject)
                .get("/api/admin/ledger/verify").then().statusCode(200).body("intact", equalTo(true));
    }

    @Test
    void aWholeChainRemovedBehindTheServicesBackIsNamedByTheWholeLedgersCheck() {
        String kept = newSubject();
        String removed = newSubject();
        decide(kept, "search", true).statusCode(200);
        decide(removed, "search", true).statusCode(200);
        decide(removed, "purchases", false).statusCode(200);
        assertEquals(LedgerCheckpointer.Outcome.WRITTEN, checkpointer.checkpoint().outcome());
        given().auth().oauth2(TestKeys.admin("operator")).get("/api/admin/ledger/verify").then()
                .statusCode(200).body("intact", equalTo(true)).body("checkpoint.problem", nullValue());

        // every trace of the subject's chain goes: only the signed checkpoint still knows of it
        String chain = ref(removed);
        behindTheServicesBack(connection -> {
            execute(connection, "DELETE FROM consent_state WHERE subject = ?", removed);
            execute(connection, "DELETE FROM subject_chain WHERE subject_ref = ?", chain);
            execute(connection, "DELETE FROM consent_ledger WHERE subject_ref = ?", chain);
        });
        given().auth().oauth2(TestKeys.admin("operator")).get("/api/admin/ledger/verify").then()
                .statusCode(200)
                .body("intact", equalTo(false))
                .body("firstBrokenLink.subject", equalTo(chain))
                .body("firstBrokenLink.problem", equalTo("checkpoint-mismatch"));
    }

    private static io.restassured.response.ValidatableResponse verify(String subject) {
        return given().auth().oauth2(TestKeys.admin("operator")).queryParam("subject", subject)
                .get("/api/admin/ledger/verify").then().statusCode(200);
    }
}
