INSERT INTO purpose_version (purpose, version, title, notice, data_categories, retention_days, legal_basis, published_at, published_by)
VALUES
('browsing', 1, 'Recommendations from what you browse',
 'We note which products and categories you look at, so that we can recommend products you may like. We keep a per-category interest score that fades over time and the products you viewed in the last 30 days. We never keep the pages'' addresses, where you came from, your IP address or your browser.',
 'product-views,category-affinity', 30, 'consent (GDPR Art. 6(1)(a))', TIMESTAMPTZ '2026-01-01 00:00:00+00', 'seed'),
('purchases', 1, 'Deals from what you buy',
 'We note the categories and price bands of what you buy, and which products you bought in the last 180 days, so that we can offer you matching deals. We never keep payment details, addresses or exact amounts.',
 'purchased-categories,price-bands,purchased-products', 180, 'consent (GDPR Art. 6(1)(a))', TIMESTAMPTZ '2026-01-01 00:00:00+00', 'seed'),
('search', 1, 'Search results ranked for you',
 'When you search, we keep only the catalog categories and terms your search matched, with a score that fades over time, so that we can rank results for you. We never keep what you typed.',
 'matched-catalog-terms', 90, 'consent (GDPR Art. 6(1)(a))', TIMESTAMPTZ '2026-01-01 00:00:00+00', 'seed');
