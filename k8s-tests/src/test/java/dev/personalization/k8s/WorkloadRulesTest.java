package dev.personalization.k8s;

import java.util.List;

/** Issue 13, point 2: every Deployment hardened, probed, sized, spread, pinned, with its companions. */
class WorkloadRulesTest extends RuleContract {

    @Override
    protected List<RuleCase> rules() {
        return List.of(
                new RuleCase("runAsNonRoot", WorkloadRules::nonRoot, "run-as-root", "Deployment/gateway: runAsNonRoot"),
                new RuleCase("readOnlyRootFilesystem", WorkloadRules::readOnlyRootFilesystem, "writable-root",
                        "Deployment/profile-service: readOnlyRootFilesystem"),
                new RuleCase("all capabilities dropped", WorkloadRules::capabilitiesDropped, "capability-added",
                        "Deployment/recommendation-service: capabilities added"),
                new RuleCase("seccomp RuntimeDefault", WorkloadRules::seccompRuntimeDefault, "seccomp-unconfined",
                        "Deployment/consent-service: seccomp"),
                new RuleCase("no service-account token", WorkloadRules::noServiceAccountToken, "token-mounted",
                        "Deployment/gateway: automountServiceAccountToken"),
                new RuleCase("probes on the management interface", WorkloadRules::probesOnManagement, "probe-on-public-port",
                        "Deployment/profile-service: readinessProbe"),
                new RuleCase("requests and limits", WorkloadRules::resourcesSized, "no-limits",
                        "Deployment/consent-service: no limits.cpu"),
                new RuleCase("topology spread", WorkloadRules::topologySpread, "no-spread", "Deployment/gateway: no topology spread"),
                new RuleCase("Service, ConfigMap, ServiceAccount", WorkloadRules::companions, "no-service-account",
                        "no ServiceAccount profile-service"),
                new RuleCase("images pinned", WorkloadRules::pinnedImages, "latest-image", "gateway:latest is not pinned"));
    }
}
