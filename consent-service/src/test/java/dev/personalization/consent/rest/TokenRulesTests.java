package dev.personalization.consent.rest;

import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TokenRulesContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The suite's token corpus, refused at consent-service's own door too. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent_test"))
class TokenRulesTests extends TokenRulesContract {

    @Override
    protected String shopperPath() {
        return "/api/consents/me";
    }
}
