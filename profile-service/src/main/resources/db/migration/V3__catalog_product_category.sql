-- Every intake batch with a search asks which of its categories the catalog knows
-- (VocabularyRepository.known); without this index that was a scan of the whole catalog per batch.
CREATE INDEX catalog_product_category ON catalog_product (category);
