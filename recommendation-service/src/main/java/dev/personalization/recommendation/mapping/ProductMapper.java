package dev.personalization.recommendation.mapping;

import dev.personalization.recommendation.repository.Product;
import dev.personalization.recommendation.rest.ApiModels.BulkProductRequest;
import dev.personalization.recommendation.rest.ApiModels.ProductRequest;
import dev.personalization.recommendation.rest.ApiModels.ProductResponse;
import dev.personalization.recommendation.service.CatalogService.ProductDraft;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;

/** Explicit mapping between the catalog API's records and the catalog's entities. */
@ApplicationScoped
public class ProductMapper {

    public ProductDraft draft(String id, ProductRequest request) {
        return new ProductDraft(id, request.title(), request.category(), request.price(), request.terms(),
                request.sensitive());
    }

    public ProductDraft draft(BulkProductRequest request) {
        return request == null ? null : new ProductDraft(request.id(), request.title(), request.category(),
                request.price(), request.terms(), request.sensitive());
    }

    public ProductResponse product(Product product) {
        List<String> terms = product.terms.isBlank() ? List.of() : Arrays.asList(product.terms.split(" "));
        return new ProductResponse(product.id, product.title, product.categoryPath, product.price, terms,
                product.sensitive, product.updatedAt);
    }
}
