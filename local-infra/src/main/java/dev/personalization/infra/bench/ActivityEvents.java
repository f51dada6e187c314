package dev.personalization.infra.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Batches of shop activity in the intake's request format: views, purchases and searches over a
 * fixed synthetic catalog of stock-code-like product ids in 20 categories, as an online shop's
 * traffic looks (mostly views, some searches, few purchases). Every event is valid for the intake:
 * it happened in the last ten minutes, and no field holds anything that looks like payment data.
 */
public final class ActivityEvents {

    /** Share of each type in a batch: views, purchases, searches (the rest). */
    static final double VIEW_SHARE = 0.7;
    static final double PURCHASE_SHARE = 0.1;

    /** A category path and words a shopper would type to find its products. */
    record Category(String path, List<String> words) {
    }

    record Product(String id, Category category, double price) {
    }

    static final List<Category> CATEGORIES = List.of(
            new Category("home/candles", List.of("white", "candle", "tealight", "scented", "holder")),
            new Category("home/lanterns", List.of("lantern", "metal", "moroccan", "hanging", "glass")),
            new Category("home/clocks", List.of("clock", "alarm", "wall", "retro", "kitchen")),
            new Category("home/frames", List.of("frame", "photo", "wooden", "vintage", "gold")),
            new Category("home/cushions", List.of("cushion", "cover", "floral", "velvet", "cotton")),
            new Category("kitchen/mugs", List.of("mug", "enamel", "tea", "coffee", "spotty")),
            new Category("kitchen/tins", List.of("tin", "cake", "storage", "biscuit", "regency")),
            new Category("kitchen/baking", List.of("baking", "cases", "cupcake", "cutter", "pantry")),
            new Category("kitchen/lunch", List.of("lunch", "box", "bag", "retrospot", "bottle")),
            new Category("garden/planters", List.of("planter", "pot", "zinc", "herb", "garden")),
            new Category("garden/birds", List.of("bird", "feeder", "house", "ornament", "wooden")),
            new Category("party/bunting", List.of("bunting", "party", "flag", "paper", "garland")),
            new Category("party/napkins", List.of("napkins", "paper", "cups", "plates", "pack")),
            new Category("christmas/decorations", List.of("christmas", "bauble", "star", "tree", "hanging")),
            new Category("christmas/lights", List.of("lights", "fairy", "string", "led", "christmas")),
            new Category("stationery/notebooks", List.of("notebook", "journal", "pad", "memo", "vintage")),
            new Category("stationery/wrap", List.of("wrap", "gift", "paper", "ribbon", "tags")),
            new Category("kids/toys", List.of("toy", "doll", "spaceboy", "puzzle", "wooden")),
            new Category("bags/jumbo", List.of("jumbo", "bag", "shopper", "red", "storage")),
            new Category("bath/soaps", List.of("soap", "bath", "dish", "heart", "lavender")));

    private static final int CATALOG_SIZE = 1_000;
    private static final List<Product> CATALOG = catalog();

    private ActivityEvents() {
    }

    /** The same catalog on every run: stock codes like 85123A, each in one category, with a price. */
    private static List<Product> catalog() {
        Random random = new Random(8);
        List<Product> products = new ArrayList<>(CATALOG_SIZE);
        java.util.Set<String> ids = new java.util.HashSet<>();
        while (products.size() < CATALOG_SIZE) {
            String id = (10_000 + random.nextInt(90_000)) + (random.nextInt(3) == 0 ? "" : String.valueOf((char) ('A' + random.nextInt(26))));
            if (ids.add(id)) {
                double price = Math.round((0.29 + random.nextDouble() * 24) * 100) / 100.0;
                products.add(new Product(id, CATEGORIES.get(products.size() % CATEGORIES.size()), price));
            }
        }
        return List.copyOf(products);
    }

    /** Events of each type in a batch of {@code size}. */
    static int[] mix(int size) {
        int views = (int) Math.round(size * VIEW_SHARE);
        int purchases = (int) Math.round(size * PURCHASE_SHARE);
        if (views + purchases > size) {
            purchases = size - views;
        }
        return new int[] {views, purchases, size - views - purchases};
    }

    /** One request body: {"events":[...]} with {@code size} events that happened shortly before {@code now}. */
    public static String batch(int size, Instant now, Random random) {
        int[] mix = mix(size);
        List<Character> kinds = new ArrayList<>(size);
        for (int i = 0; i < mix[0]; i++) {
            kinds.add('v');
        }
        for (int i = 0; i < mix[1]; i++) {
            kinds.add('p');
        }
        for (int i = 0; i < mix[2]; i++) {
            kinds.add('s');
        }
        Collections.shuffle(kinds, random);
        StringBuilder body = new StringBuilder(size * 160).append("{\"events\":[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                body.append(',');
            }
            Product product = CATALOG.get(random.nextInt(CATALOG.size()));
            String occurredAt = now.minusSeconds(random.nextInt(600)).truncatedTo(ChronoUnit.SECONDS).toString();
            switch (kinds.get(i)) {
                case 'v' -> body.append("{\"type\":\"view\",\"productId\":\"").append(product.id())
                        .append("\",\"category\":\"").append(product.category().path())
                        .append("\",\"occurredAt\":\"").append(occurredAt)
                        .append("\",\"dwellSeconds\":").append(2 + random.nextInt(120)).append('}');
                case 'p' -> body.append("{\"type\":\"purchase\",\"productId\":\"").append(product.id())
                        .append("\",\"category\":\"").append(product.category().path())
                        .append("\",\"occurredAt\":\"").append(occurredAt)
                        .append("\",\"price\":").append(product.price())
                        .append(",\"quantity\":").append(1 + random.nextInt(12)).append('}');
                default -> {
                    List<String> words = product.category().words();
                    String query = words.get(random.nextInt(words.size())) + " " + words.get(random.nextInt(words.size()));
                    body.append("{\"type\":\"search\",\"query\":\"").append(query)
                            .append("\",\"occurredAt\":\"").append(occurredAt)
                            .append("\",\"category\":\"").append(product.category().path()).append("\"}");
                }
            }
        }
        return body.append("]}").toString();
    }

    /** The mean size in bytes of one event's JSON in batches like the benchmark's (for the raw producer). */
    public static int meanEventBytes(int batchSize, Instant now, Random random) {
        long bytes = 0;
        int batches = 20;
        for (int i = 0; i < batches; i++) {
            String body = batch(batchSize, now, random);
            // each event and its separating comma, without the {"events":[ ]} around them
            bytes += body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length - "{\"events\":[]}".length();
        }
        return (int) Math.round(bytes / (double) (batches * batchSize));
    }
}
