package dev.personalization.profile.rest;

import static dev.personalization.profile.testing.ProfileTestSupport.CONSENTS;

import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TokenRulesContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The suite's token corpus at profile-service's door. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "profile_test"))
class TokenRulesTests extends TokenRulesContract {

    @Override
    protected String shopperPath() {
        return CONSENTS;
    }
}
