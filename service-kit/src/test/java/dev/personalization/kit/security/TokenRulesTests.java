package dev.personalization.kit.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import dev.personalization.infra.testing.TokenRulesContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The shared token corpus against the kit's own test endpoint, plus scope reading through a real token. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "kafka", value = "false"))
class TokenRulesTests extends TokenRulesContract {

    @Override
    protected String shopperPath() {
        return "/kit/me";
    }

    @Test
    void scopesAreReadFromAStringOrAnArray() {
        given().auth().oauth2(TestKeys.partner("shop", "catalog:write", "consent:read"))
                .get("/kit/partner?scope=consent:read").then().statusCode(200).body("scope", equalTo("consent:read"));
        given().auth().oauth2(TestKeys.tokens().token("shop").groups("partner").scopes("consent:read")
                        .scopesAsArray().sign())
                .get("/kit/partner?scope=consent:read").then().statusCode(200);
        given().auth().oauth2(TestKeys.partner("shop", "consent:readall"))
                .get("/kit/partner?scope=consent:read").then().statusCode(403);
    }

    @Test
    void aRememberedTokenStillFailsWhenAnyCharacterChanges() {
        String token = TestKeys.user("alice");
        given().auth().oauth2(token).get("/kit/me").then().statusCode(200);
        int last = token.length() - 5;
        char changed = token.charAt(last) == 'A' ? 'B' : 'A';
        given().auth().oauth2(token.substring(0, last) + changed + token.substring(last + 1))
                .get("/kit/me").then().statusCode(401);
    }
}
