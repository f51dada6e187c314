package dev.personalization.recommendation.rest;

import dev.personalization.kit.problem.ProblemException;
import dev.personalization.kit.security.Scopes;
import dev.personalization.kit.security.Subjects;
import dev.personalization.recommendation.config.RecommendationConfig;
import dev.personalization.recommendation.mapping.ProductMapper;
import dev.personalization.recommendation.rest.ApiModels.BulkProductRequest;
import dev.personalization.recommendation.rest.ApiModels.BulkResponse;
import dev.personalization.recommendation.rest.ApiModels.ProductRequest;
import dev.personalization.recommendation.rest.ApiModels.ProductResponse;
import dev.personalization.recommendation.rest.ApiModels.ProductsResponse;
import dev.personalization.recommendation.service.CatalogService;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The product catalog: partners with {@code catalog:write} push products; any valid token reads them. */
@Path("/api/catalog/products")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    static final String WRITE_SCOPE = "catalog:write";

    private final CatalogService catalog;
    private final ProductMapper mapper;
    private final RecommendationConfig config;
    private final JsonWebToken token;

    public CatalogResource(CatalogService catalog, ProductMapper mapper, RecommendationConfig config,
            JsonWebToken token) {
        this.catalog = catalog;
        this.mapper = mapper;
        this.config = config;
        this.token = token;
    }

    @GET
    @Authenticated
    public ProductsResponse list(@QueryParam("category") String category, @QueryParam("limit") String limit) {
        Optional<String> filter = Optional.ofNullable(category).map(c -> {
            try {
                return CatalogService.category(c, "category");
            } catch (ProblemException e) {
                throw ProblemException.badRequest("category", e.getMessage());
            }
        });
        return new ProductsResponse(catalog.list(filter, limit(limit)).stream().map(mapper::product).toList());
    }

    @GET
    @Path("/{id}")
    @Authenticated
    public ProductResponse get(@PathParam("id") String id) {
        return catalog.find(id).map(mapper::product)
                .orElseThrow(() -> ProblemException.notFound("product", "no product has this id"));
    }

    /**
     * Creates the product (201) or replaces it whole (200) for the partner that owns it; 403 when another
     * partner created it.
     */
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("partner")
    public Response put(@PathParam("id") String id, ProductRequest request) {
        if (!Scopes.has(token, WRITE_SCOPE)) {
            throw ProblemException.forbidden("this token lacks the scope " + WRITE_SCOPE);
        }
        if (request == null) {
            throw ProblemException.badRequest(null, "a JSON object describing the product is required");
        }
        CatalogService.Saved saved = catalog.put(id, mapper.draft(id, request), Subjects.of(token));
        ProductResponse body = mapper.product(saved.product());
        // a relative Location (Response.created would make it absolute with this backend's own address,
        // which the gateway passes through unchanged)
        return saved.created()
                ? Response.status(Response.Status.CREATED)
                        .header(HttpHeaders.LOCATION, UriBuilder.fromPath("/api/catalog/products/{id}").build(id).toString())
                        .entity(body).build()
                : Response.ok(body).build();
    }

    /**
     * Creates or replaces up to {@code recommendation.catalog.max-bulk} products, all or none: a problem
     * names the first product at fault by its index ({@code [3].price}).
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("partner")
    public BulkResponse putAll(List<BulkProductRequest> request) {
        if (!Scopes.has(token, WRITE_SCOPE)) {
            throw ProblemException.forbidden("this token lacks the scope " + WRITE_SCOPE);
        }
        if (request == null || request.isEmpty()) {
            throw ProblemException.badRequest(null, "a JSON array of 1 to " + config.catalog().maxBulk()
                    + " products is required");
        }
        if (request.size() > config.catalog().maxBulk()) {
            throw ProblemException.invalid("[" + config.catalog().maxBulk() + "]",
                    "at most " + config.catalog().maxBulk() + " products per request");
        }
        List<CatalogService.Saved> saved = catalog.putAll(request.stream().map(mapper::draft).toList(),
                Subjects.of(token));
        int created = (int) saved.stream().filter(CatalogService.Saved::created).count();
        return new BulkResponse(created, saved.size() - created);
    }

    private int limit(String limit) {
        if (limit == null) {
            return config.catalog().defaultPageSize();
        }
        int max = config.catalog().maxPageSize();
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("limit", "limit must be a whole number from 1 to " + max);
    }
}
