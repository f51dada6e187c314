package dev.personalization.k8s;

import java.util.List;

/** Issue 13, point 6: every rendered object valid against the Kubernetes 1.34 API (fabric8 model) or its operator's CRD schema. */
class SchemaValidationTest extends RuleContract {

    @Override
    protected List<RuleCase> rules() {
        return List.of(
                new RuleCase("Kubernetes API schema", SchemaValidation::validate, "unknown-fields",
                        "Deployment/gateway.spec.template.spec.containers[0].securityContext: unknown field(s) [runAsNonroot]"),
                new RuleCase("operator CRD schemas", SchemaValidation::validate, "unknown-fields", "KafkaTopic/consent-decisions: /spec: property 'partition' is not defined"));
    }
}
