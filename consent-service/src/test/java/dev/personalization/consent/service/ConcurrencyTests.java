package dev.personalization.consent.service;

import dev.personalization.consent.testing.ConsentTestSupport;
import static dev.personalization.consent.testing.ConsentTestSupport.ref;
import static dev.personalization.consent.testing.ConsentTestSupport.count;
import static dev.personalization.consent.testing.ConsentTestSupport.newSubject;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Requests that race each other still leave one ordered, intact chain per subject. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent_test"))
class ConcurrencyTests {

    @Inject
    DataSource dataSource;

    private static List<Integer> inParallel(int count, java.util.function.IntFunction<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                results.add(pool.submit((Callable<Integer>) () -> call.apply(index)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void parallelDecisionsOfOneSubjectFormOneIntactChain() throws Exception {
        String subject = newSubject();
        String token = TestKeys.user(subject);
        List<Integer> statuses = inParallel(24, i -> given().auth().oauth2(token).contentType("application/json")
                .body("{\"granted\": " + (i % 2 == 0) + "}")
                .put("/api/consents/me/" + List.of("browsing", "search").get(i % 4 / 2)).statusCode());

        assertEquals(List.of(200), statuses.stream().distinct().toList());
        assertEquals(24, count(dataSource, "SELECT count(*) FROM consent_ledger WHERE subject_ref = ?", ref(subject)));
        assertEquals(24, count(dataSource,
                "SELECT count(DISTINCT purpose || ':' || consent_version) FROM consent_ledger WHERE subject_ref = ?", ref(subject)));
        given().auth().oauth2(TestKeys.admin("operator")).queryParam("subject", subject)
                .get("/api/admin/ledger/verify").then()
                .statusCode(200)
                .body("intact", equalTo(true))
                .body("entriesChecked", equalTo(24));
    }

    @Test
    void parallelRepeatsOfOneIdempotencyKeyRecordOnce() throws Exception {
        String subject = newSubject();
        String token = TestKeys.user(subject);
        List<Integer> statuses = inParallel(12, i -> given().auth().oauth2(token).contentType("application/json")
                .header("Idempotency-Key", "same-request").body("{\"granted\": true}")
                .put("/api/consents/me/purchases").statusCode());

        assertEquals(List.of(200), statuses.stream().distinct().toList());
        assertEquals(1, count(dataSource, "SELECT count(*) FROM consent_ledger WHERE subject_ref = ?", ref(subject)));
    }

    @Test
    void noGrantSurvivesOnAnOldNoticeWhenDecisionsRaceAPublication() throws Exception {
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            subjects.add(newSubject());
        }
        String admin = TestKeys.admin("operator");
        inParallel(17, i -> {
            if (i == 8) {
                return given().auth().oauth2(admin).contentType("application/json")
                        .body("{\"title\":\"Ranked search\",\"notice\":\"Now also the brand you searched for.\","
                                + "\"dataCategories\":[\"matched-catalog-terms\",\"brands\"],\"retentionDays\":90,"
                                + "\"legalBasis\":\"consent\"}")
                        .put("/api/admin/purposes/search").statusCode();
            }
            String subject = subjects.get(i > 8 ? i - 1 : i);
            return given().auth().oauth2(TestKeys.user(subject)).contentType("application/json")
                    .body("{\"granted\": true}").put("/api/consents/me/search").statusCode();
        });

        // every grant is either on the newest notice or was expired by the publication
        assertEquals(0, count(dataSource, "SELECT count(*) FROM consent_state s WHERE s.purpose = 'search' "
                + "AND s.decision = 'granted' AND s.purpose_version < "
                + "(SELECT max(version) FROM purpose_version WHERE purpose = 'search') AND s.subject LIKE ?", "shopper-%"));
    }
}
