package dev.personalization.recommendation.catalog.taxonomy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A deterministic category path for a product from its description alone: the catalog has no categories,
 * and the minimized profile keeps category affinities instead of product ids, so the mapping must be the
 * same on every run and on every node. Rules are tried in order and the first that matches wins; the order
 * puts seasons before product types (a Christmas mug is a Christmas item to a buyer) and specific types
 * before generic ones (a "cake stand" is baking, not furniture). Every description gets a category:
 * {@link #FALLBACK} when nothing matches.
 */
public final class CategoryTaxonomy {

    public static final String FALLBACK = "other";

    private record Rule(String category, List<String[]> phrases) {
        boolean matches(List<String> words) {
            for (String[] phrase : phrases) {
                if (containsPhrase(words, phrase)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final List<Rule> RULES = List.of(
            rule("christmas/cards-wrap", "CHRISTMAS CARD", "CHRISTMAS WRAP", "CHRISTMAS GIFT WRAP",
                    "CHRISTMAS GIFT TAG", "CHRISTMAS TISSUE", "CHRISTMAS PAPER", "XMAS CARD"),
            rule("christmas/decorations", "CHRISTMAS", "XMAS", "ADVENT", "SANTA", "REINDEER", "SNOWMAN",
                    "SNOWFLAKE", "NATIVITY", "BAUBLE", "NOEL", "ELF", "MISTLETOE", "TREE DECORATION"),
            rule("easter", "EASTER", "CHICK", "BUNNY", "EGG HUNT", "HANGING EGG", "DECORATIVE EGG"),
            rule("jewellery/necklaces", "NECKLACE", "PENDANT", "LARIAT"),
            rule("jewellery/bracelets", "BRACELET", "BANGLE"),
            rule("jewellery/earrings", "EARRINGS", "EARRING"),
            rule("jewellery/other", "RING", "BROOCH", "CHARM", "DIAMANTE", "BEAD", "JEWELLED", "JEWELLERY"),
            rule("accessories/hair", "HAIR", "HAIRCLIP", "HAIRBAND", "HAIRSLIDE", "BOBBLE", "ALICE BAND",
                    "HEADBAND"),
            rule("accessories/fashion", "UMBRELLA", "SCARF", "GLOVES", "HAT", "SUNGLASSES", "COMPACT MIRROR",
                    "KEY RING", "KEYRING", "LUGGAGE TAG", "PASSPORT"),
            rule("bags/purses-wallets", "PURSE", "WALLET", "HANDBAG", "COIN", "CARD HOLDER"),
            rule("bags/lunch", "LUNCH BAG", "LUNCHBAG", "LUNCH BOX", "LUNCHBOX"),
            rule("bags", "BAG", "SHOPPER", "TOTE", "BAGS", "RUCKSACK", "BACKPACK"),
            rule("party/cards", "CARD", "GREETING", "BIRTHDAY CARD"),
            rule("party/wrap", "WRAP", "GIFT TAG", "GIFT TAGS", "TISSUE", "TISSUES", "RIBBON", "RIBBONS",
                    "GIFT BOX", "TAPE"),
            rule("party/tableware", "PARTY", "NAPKIN", "NAPKINS", "PAPER CUP", "PAPER PLATE", "BUNTING",
                    "BALLOON", "BALLOONS", "CONFETTI", "DOILY", "DOILIES", "BIRTHDAY", "CAKE CASES", "PICNIC"),
            rule("home/candles", "CANDLE", "CANDLES", "T-LIGHT", "T-LIGHTS", "TEALIGHT", "TEA LIGHT", "INCENSE",
                    "OIL BURNER", "LANTERN", "VOTIVE", "CANDLEHOLDER"),
            rule("home/lighting", "LIGHT", "LIGHTS", "LAMP", "LAMPSHADE", "NIGHT LIGHT", "CHANDELIER", "TORCH"),
            rule("home/clocks", "CLOCK", "ALARM"),
            rule("home/frames-mirrors", "FRAME", "MIRROR", "PHOTO", "PICTURE"),
            rule("home/signs", "SIGN", "PLAQUE", "WALL ART", "METAL SIGN", "WALL TIDY", "TILE", "POSTER",
                    "BLACKBOARD", "CHALKBOARD", "MEMO BOARD"),
            rule("home/textiles", "CUSHION", "COVER", "THROW", "BLANKET", "DOORMAT", "HOT WATER BOTTLE",
                    "QUILT", "CURTAIN", "RUG"),
            rule("home/bathroom", "BATHROOM", "SOAP", "TOOTHBRUSH", "TOILET", "BATH", "WASHBAG"),
            rule("home/hooks", "HOOK", "HOOKS", "HANGER", "HANGERS", "KNOB", "KNOBS", "COAT RACK", "PEG",
                    "PEGS", "DOORSTOP", "DOOR STOP", "DOORKNOB"),
            rule("garden", "GARDEN", "PLANT", "PLANTER", "WATERING", "BIRD FEEDER", "BIRDHOUSE", "BIRD HOUSE",
                    "FLOWER POT", "POT HOLDER", "SEED", "SEEDS", "GNOME", "WINDMILL", "HEN HOUSE", "TRUG",
                    "PARASOL"),
            rule("kitchen/baking", "CAKE", "CAKES", "BAKING", "CUTTER", "CUTTERS", "CAKESTAND", "CUPCAKE",
                    "MOULD", "ROLLING PIN", "MIXING BOWL", "SCALES", "PUDDING"),
            rule("kitchen/mugs-cups", "MUG", "MUGS", "CUP", "CUPS", "TEACUP", "SAUCER", "BEAKER", "TUMBLER"),
            rule("kitchen/tea-coffee", "TEA", "TEAPOT", "COFFEE", "CAFETIERE", "MILK JUG", "SUGAR", "COSY"),
            rule("kitchen/textiles", "APRON", "TEA TOWEL", "TEA TOWELS", "OVEN GLOVE", "TOWEL", "TOWELS",
                    "PLACEMAT", "PLACEMATS", "TABLECLOTH"),
            rule("kitchen/storage", "JAR", "JARS", "PANTRY", "CANISTER", "BREAD BIN", "STORAGE TIN", "TIN",
                    "TINS", "BOTTLE", "FOOD CONTAINER", "LARDER", "SPICE"),
            rule("kitchen/tableware", "PLATE", "PLATES", "BOWL", "BOWLS", "DISH", "CUTLERY", "TRAY", "COASTER",
                    "COASTERS", "JUG", "GLASS", "GLASSES", "SPOON", "SPOONS", "FORK", "KNIFE", "CHOPSTICKS",
                    "EGG CUP", "STRAW", "STRAWS", "CAKE STAND", "CRUET"),
            rule("kitchen/other", "KITCHEN", "COOK", "RECIPE", "CHOPPING BOARD", "SIEVE", "COLANDER", "TIMER"),
            rule("stationery/notebooks", "NOTEBOOK", "NOTEBOOKS", "NOTE BOOK", "JOURNAL", "DIARY", "NOTEPAD",
                    "PAD", "ADDRESS BOOK", "BOOK", "BOOKMARK", "BOOKCOVER", "ALBUM", "SKETCHBOOK", "CALENDAR"),
            rule("stationery/writing", "PEN", "PENS", "PENCIL", "PENCILS", "ERASER", "ERASERS", "RULER",
                    "CRAYONS", "SHARPENER", "CHALK", "ENVELOPE", "ENVELOPES", "LETTER", "WRITING",
                    "STATIONERY", "STAMP", "STAMPS"),
            rule("stationery/stickers", "STICKER", "STICKERS", "SCRAPBOOK", "MAGNET", "MAGNETS", "TRANSFER"),
            rule("toys/games", "GAME", "GAMES", "JIGSAW", "PUZZLE", "DOMINOES", "PLAYING CARDS", "SNAKES",
                    "LUDO", "DICE", "SKITTLES", "MARBLES", "SPINNING TOP", "YO-YO"),
            rule("toys/soft-dolls", "DOLL", "DOLLS", "DOLLY", "TEDDY", "SOFT TOY", "PUPPET", "BABUSHKA",
                    "MATRYOSHKA"),
            rule("toys", "TOY", "TOYS", "CHILDRENS", "CHILDS", "KIDS", "BABY", "SPACEBOY", "DINOSAUR",
                    "ROBOT", "TRAIN", "RACING", "CIRCUS", "SKIPPING ROPE", "BALL", "KITE", "BUBBLES"),
            rule("crafts", "SEWING", "KNITTING", "FELTCRAFT", "CRAFT", "BUTTON", "BUTTONS", "CROCHET",
                    "EMBROIDERY", "KIT", "NEEDLE", "THREAD", "FABRIC", "REEL", "PAINT"),
            rule("home/storage", "DRAWER", "CABINET", "STORAGE", "BASKET", "BASKETS", "BOX", "BOXES", "CHEST",
                    "TRUNK", "CRATE", "HAMPER", "CASE", "CASES", "TIDY", "HOLDER", "RACK", "SHELF", "STAND"),
            rule("home/decorations", "DECORATION", "DECORATIONS", "HANGING", "ORNAMENT", "GARLAND", "WREATH",
                    "HEART", "HEARTS", "BIRD", "BIRDS", "BUTTERFLY", "STAR", "STARS", "FLOWER", "FLOWERS",
                    "VASE", "BELL", "BELLS", "FEATHER", "CHIME", "MOBILE", "FIGURE", "ANGEL", "CRYSTAL"));

    private CategoryTaxonomy() {
    }

    /** The category path of a description; the same description always gets the same path. */
    public static String categoryOf(String description) {
        if (description == null || description.isBlank()) {
            return FALLBACK;
        }
        List<String> words = words(description);
        for (Rule rule : RULES) {
            if (rule.matches(words)) {
                return rule.category();
            }
        }
        return FALLBACK;
    }

    /** Every path {@link #categoryOf} can return, fallback last. */
    public static List<String> categories() {
        Set<String> all = new LinkedHashSet<>();
        for (Rule rule : RULES) {
            all.add(rule.category());
        }
        all.add(FALLBACK);
        return List.copyOf(all);
    }

    private static Rule rule(String category, String... phrases) {
        List<String[]> split = new ArrayList<>(phrases.length);
        for (String phrase : phrases) {
            split.add(phrase.split(" "));
        }
        return new Rule(category, Collections.unmodifiableList(split));
    }

    // Letters, digits and inner hyphens make a word ("T-LIGHT"); everything else separates words, so
    // "CARD,BIRTHDAY" and "CARD BIRTHDAY" read the same. A trailing plural S is not stripped: rules list
    // plural forms where they matter, which keeps "GLASSES" and "GLASS" under control of the rule author.
    private static List<String> words(String description) {
        String upper = description.toUpperCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < upper.length(); i++) {
            char c = upper.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c == '-' && current.length() > 0)) {
                current.append(c);
            } else if (current.length() > 0) {
                words.add(trimHyphens(current));
                current.setLength(0);
            }
        }
        if (current.length() > 0) {
            words.add(trimHyphens(current));
        }
        return words;
    }

    private static String trimHyphens(StringBuilder word) {
        int end = word.length();
        while (end > 0 && word.charAt(end - 1) == '-') {
            end--;
        }
        return word.substring(0, end);
    }

    private static boolean containsPhrase(List<String> words, String[] phrase) {
        outer:
        for (int start = 0; start + phrase.length <= words.size(); start++) {
            for (int k = 0; k < phrase.length; k++) {
                if (!words.get(start + k).equals(phrase[k])) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
