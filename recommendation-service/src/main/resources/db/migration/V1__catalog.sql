-- The product catalog, pushed by partners.
CREATE TABLE product (
    id            VARCHAR(64)    PRIMARY KEY,
    title         VARCHAR(200)   NOT NULL,
    category_path VARCHAR(200)   NOT NULL,
    price         NUMERIC(12, 2) NOT NULL,
    terms         TEXT           NOT NULL,
    updated_at    TIMESTAMPTZ    NOT NULL
);
CREATE INDEX product_category ON product (category_path varchar_pattern_ops);
