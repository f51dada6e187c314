package dev.personalization.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.personalization.gateway.testing.FakeBackends;
import dev.personalization.gateway.testing.FakeBackendsResource;
import dev.personalization.gateway.testing.InjectFakeBackends;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import dev.personalization.infra.testing.TokenRulesContract;
import dev.personalization.kit.security.VerifiedTokenCache;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The suite's token corpus at the front door, which checks tokens with service-kit's verified-token
 * cache like every service: nothing the corpus holds is forwarded.
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "kafka", value = "false"))
@QuarkusTestResource(FakeBackendsResource.class)
class TokenRulesTests extends TokenRulesContract {

    private static final String SHOPPER_PATH = "/api/profile/me";

    @InjectFakeBackends
    FakeBackends backends;

    @Inject
    JWTParser parser;

    @Override
    protected String shopperPath() {
        return SHOPPER_PATH;
    }

    @BeforeEach
    void reset() {
        backends.resetAll();
    }

    @Test
    void tokensAreCheckedByTheKitsVerifiedTokenCache() {
        assertInstanceOf(VerifiedTokenCache.class, ClientProxy.unwrap(parser));
    }

    @Test
    void aRememberedTokenStillFailsWhenAnyCharacterChanges() {
        String token = TestKeys.user("alice");
        given().auth().oauth2(token).get(SHOPPER_PATH).then().statusCode(200);
        given().auth().oauth2(token).get(SHOPPER_PATH).then().statusCode(200);
        int last = token.length() - 5;
        char changed = token.charAt(last) == 'A' ? 'B' : 'A';
        given().auth().oauth2(token.substring(0, last) + changed + token.substring(last + 1))
                .get(SHOPPER_PATH).then().statusCode(401);

        assertEquals(2, backends.profile().received().size(), "only the valid token's requests are forwarded");
    }
}
