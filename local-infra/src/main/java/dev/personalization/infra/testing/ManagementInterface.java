package dev.personalization.infra.testing;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.restassured.specification.RequestSpecification;
import java.net.URI;

/**
 * Requests to a {@code @QuarkusTest}'s management interface (health, metrics, OpenAPI), which listens
 * on a port of its own, random in tests: the public port serves none of it.
 */
public final class ManagementInterface {

    private ManagementInterface() {
    }

    public static URI uri() {
        return URI.create(TestHTTPResourceManager.getManagementUri());
    }

    public static RequestSpecification given() {
        URI uri = uri();
        return io.restassured.RestAssured.given().baseUri(uri.getScheme() + "://" + uri.getHost()).port(uri.getPort());
    }
}
