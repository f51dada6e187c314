package dev.personalization.consent.testing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import dev.personalization.contracts.SubjectPseudonym;
import dev.personalization.infra.testing.TestDatabase;
import dev.personalization.infra.testing.TestEvents;
import dev.personalization.infra.testing.TestKeys;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the consent tests share: fresh subjects, API calls, table counts and topic reads. */
public final class ConsentTestSupport {


    private ConsentTestSupport() {
    }

    public static String newSubject() {
        return "shopper-" + UUID.randomUUID();
    }

    public static String pseudonym(String subject) {
        return new SubjectPseudonym(ConfigProvider.getConfig().getValue("suite.pseudonym.secret", String.class))
                .of(subject);
    }

    public static ValidatableResponse decide(String subject, String purpose, boolean granted) {
        return given().auth().oauth2(TestKeys.user(subject))
                .contentType("application/json")
                .body("{\"granted\": " + granted + "}")
                .put("/api/consents/me/" + purpose)
                .then();
    }

    public static long count(DataSource dataSource, String sql, Object... params) {
        return TestDatabase.count(dataSource, sql, params);
    }

    /** Row counts of every table a decision writes, to prove a refused request wrote nothing. */
    public static Map<String, Long> tableCounts(DataSource dataSource) {
        return List.of("consent_ledger", "consent_state", "outbox_event", "idempotency_key", "subject_chain",
                "partner_read", "purpose_version").stream()
                .collect(Collectors.toMap(t -> t, t -> count(dataSource, "SELECT count(*) FROM " + t)));
    }

    /** The events of the pseudonym on the topic, read from the beginning (see {@link TestEvents#read}). */
    public static List<JsonNode> readEvents(String topic, String pseudonym, int expected, Duration timeout) {
        return TestEvents.read(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class), topic,
                pseudonym, expected, timeout);
    }
}
