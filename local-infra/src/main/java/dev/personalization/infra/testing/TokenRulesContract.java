package dev.personalization.infra.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same token rules at every door: a module's {@code TokenRulesTests} extends this with its own
 * {@code @QuarkusTest} set-up and names a path that a shopper's token opens. Every token of
 * {@link TokenCorpus} is refused there, and a well-formed one is let in.
 */
public abstract class TokenRulesContract {

    /** A GET path that answers 2xx to a valid shopper token. */
    protected abstract String shopperPath();

    static List<TokenCorpus.Case> corpus() {
        return TokenCorpus.refused();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.personalization.infra.testing.TokenRulesContract#corpus")
    void everyTokenOfTheCorpusIsRefused(TokenCorpus.Case refused) {
        RequestSpecification request = given();
        if (refused.token() != null) {
            request = request.header("Authorization", "Bearer " + refused.token());
        }
        var answer = request.get(shopperPath()).then().statusCode(refused.status());
        if (refused.status() == 401) {
            answer.header("WWW-Authenticate", "Bearer")
                    .contentType("application/problem+json")
                    .body("status", equalTo(401));
        }
    }

    @Test
    void aWellFormedShopperTokenIsAccepted() {
        given().auth().oauth2(TestKeys.user("corpus-shopper")).get(shopperPath()).then().statusCode(200);
    }

    @Test
    void aTokenOfExactlyTheMaximumLifetimeIsAccepted() {
        given().auth().oauth2(TestKeys.tokens().token("corpus-shopper")
                        .lifetime(java.time.Duration.ofHours(1)).sign())
                .get(shopperPath()).then().statusCode(200);
    }
}
