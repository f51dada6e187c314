package dev.personalization.k8s;

import java.util.List;

/** Issue 13, point 4: Strimzi Kafka in KRaft mode, its topics and users with ACLs; CloudNativePG per-service databases. */
class InfrastructureRulesTest extends RuleContract {

    @Override
    protected List<RuleCase> rules() {
        return List.of(
                new RuleCase("Kafka in KRaft mode", InfrastructureRules::kafkaKraft, "no-controllers",
                        "KRaft needs controller and broker"),
                new RuleCase("one KafkaTopic per topic as the services expect", InfrastructureRules::kafkaTopics,
                        "topic-not-compacted", "profile.features.v1: cleanup.policy delete, expected compact"),
                new RuleCase("one KafkaUser per service, ACLs limited", InfrastructureRules::kafkaAcls, "acl-write-consent",
                        "KafkaUser/profile-service: may Write topic consent.decisions.v1"),
                new RuleCase("CloudNativePG owner and runtime roles", InfrastructureRules::postgresClusters, "db-superuser",
                        "Cluster/consent-db: role consent_app has more than login"));
    }
}
