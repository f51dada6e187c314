package dev.personalization.recommendation.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** A catalog product, as partners push it. */
@Entity
@Table(name = "product")
public class Product {

    @Id
    public String id;

    public String title;

    /** Slash-separated, most general first, e.g. {@code electronics/audio/headphones}. */
    @Column(name = "category_path")
    public String categoryPath;

    public BigDecimal price;

    /** Space-separated search vocabulary. */
    public String terms;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The partner (token subject) that created it; only they may replace it. */
    public String owner;

    /** Never recommended on the strength of inferred interest (health, intimate or similar categories). */
    public boolean sensitive;
}
