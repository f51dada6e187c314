package dev.personalization.recommendation.rest;

import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TokenRulesContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The suite's token corpus at recommendation-service's door. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "recommendation_test"))
class TokenRulesTests extends TokenRulesContract {

    @Override
    protected String shopperPath() {
        return "/api/catalog/products";
    }
}
