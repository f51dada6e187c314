package dev.personalization.gateway.export;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code GET /api/me/data}: everything every service holds about the shopper, as one JSON file to download.
 * Composed here, not forwarded (see {@link DataExport}); more specific than the proxy's catch-all path, so
 * JAX-RS routes it here.
 */
@Path("/api/me/data")
@RolesAllowed("user")
public class DataExportResource {

    private final DataExport export;
    private final JsonWebToken token;

    public DataExportResource(DataExport export, JsonWebToken token) {
        this.export = export;
        this.token = token;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> download(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String file = "my-data-" + now.atOffset(ZoneOffset.UTC).toLocalDate() + ".json";
        return export.compose(token.getSubject(), authorization, now)
                .map(document -> Response.ok(document, MediaType.APPLICATION_JSON)
                        .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                        // personal data: never kept by a browser or a shared cache
                        .header("Cache-Control", "no-store")
                        .build());
    }
}
