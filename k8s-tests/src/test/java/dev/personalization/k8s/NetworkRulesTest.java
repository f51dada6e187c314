package dev.personalization.k8s;

import java.util.List;

/** Issue 13, point 3: default deny; the gateway from the ingress controller only; services from the gateway; databases and Kafka from their services. */
class NetworkRulesTest extends RuleContract {

    @Override
    protected List<RuleCase> rules() {
        return List.of(
                new RuleCase("default deny", NetworkRules::defaultDeny, "no-default-deny", "no default-deny"),
                new RuleCase("gateway only from the ingress controller", NetworkRules::gatewayOnlyFromIngressController,
                        "gateway-open", "NetworkPolicy/gateway-from-anywhere: lets any reach gateway"),
                new RuleCase("services only from the gateway", NetworkRules::servicesOnlyFromGateway, "service-from-peer",
                        "NetworkPolicy/consent-from-profile: lets profile-service reach consent-service"),
                new RuleCase("each database only from its service", NetworkRules::databasesOnlyFromTheirService, "database-open",
                        "NetworkPolicy/consent-db-from-all: lets any reach consent-db"),
                new RuleCase("Kafka only from the services", NetworkRules::kafkaOnlyFromServices, "kafka-peer-gateway",
                        "admits gateway"));
    }
}
