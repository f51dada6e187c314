package dev.personalization.gateway.testing;

import java.util.List;

/** One fake per backend service, so that a test can tell which service a request reached. */
public record FakeBackends(FakeBackend consent, FakeBackend profile, FakeBackend recommendation) {

    public static FakeBackends start() {
        FakeBackends backends = new FakeBackends(new FakeBackend("consent-service"),
                new FakeBackend("profile-service"), new FakeBackend("recommendation-service"));
        backends.all().forEach(FakeBackend::start);
        return backends;
    }

    public List<FakeBackend> all() {
        return List.of(consent, profile, recommendation);
    }

    public FakeBackend named(String service) {
        return all().stream().filter(backend -> backend.service().equals(service)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(service));
    }

    public void resetAll() {
        all().forEach(FakeBackend::reset);
    }

    public void stopAll() {
        all().forEach(FakeBackend::stop);
    }
}
