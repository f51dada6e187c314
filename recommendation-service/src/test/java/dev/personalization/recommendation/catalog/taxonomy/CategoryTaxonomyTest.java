package dev.personalization.recommendation.catalog.taxonomy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CategoryTaxonomyTest {

    @Test
    void mapsTypicalDescriptionsToTheirCategory() {
        assertEquals("home/candles", CategoryTaxonomy.categoryOf("WHITE HANGING HEART T-LIGHT HOLDER"));
        assertEquals("kitchen/mugs-cups", CategoryTaxonomy.categoryOf("HOME SWEET HOME MUG"));
        assertEquals("party/cards", CategoryTaxonomy.categoryOf("FANCY FONT BIRTHDAY CARD,"));
        assertEquals("bags", CategoryTaxonomy.categoryOf("JUMBO BAG RED RETROSPOT"));
        assertEquals("bags/lunch", CategoryTaxonomy.categoryOf("LUNCH BAG RED RETROSPOT"));
        assertEquals("christmas/decorations", CategoryTaxonomy.categoryOf("PAPER CHAIN KIT 50'S CHRISTMAS"));
        assertEquals("christmas/cards-wrap", CategoryTaxonomy.categoryOf("CHRISTMAS GIFT WRAP"));
        assertEquals("home/signs", CategoryTaxonomy.categoryOf("AIRLINE LOUNGE,METAL SIGN"));
        assertEquals("toys/soft-dolls", CategoryTaxonomy.categoryOf("KNITTED RABBIT DOLL"));
        assertEquals("kitchen/baking", CategoryTaxonomy.categoryOf("REGENCY CAKESTAND 3 TIER"));
    }

    @Test
    void everyDescriptionGetsACategoryAndTheSameOneEveryTime() {
        assertEquals(CategoryTaxonomy.FALLBACK, CategoryTaxonomy.categoryOf("ZZZ UNKNOWN THING"));
        assertEquals(CategoryTaxonomy.FALLBACK, CategoryTaxonomy.categoryOf(""));
        assertEquals(CategoryTaxonomy.FALLBACK, CategoryTaxonomy.categoryOf(null));
        assertEquals(CategoryTaxonomy.categoryOf("knitted union flag hot water bottle"),
                CategoryTaxonomy.categoryOf("KNITTED UNION FLAG HOT WATER BOTTLE"));
    }

    @Test
    void keepsTheTaxonomySmall() {
        assertTrue(CategoryTaxonomy.categories().size() <= 42, CategoryTaxonomy.categories().toString());
        assertTrue(CategoryTaxonomy.categories().contains(CategoryTaxonomy.FALLBACK));
    }

    @Test
    void priceBandsCoverEveryPriceAndRejectNonsense() {
        assertEquals(PriceBand.BUDGET, PriceBand.of(0.42));
        assertEquals(PriceBand.MID, PriceBand.of(2.55));
        assertEquals(PriceBand.PREMIUM, PriceBand.of(12.75));
        assertThrows(IllegalArgumentException.class, () -> PriceBand.of(-1));
        assertThrows(IllegalArgumentException.class, () -> PriceBand.of(Double.NaN));
    }
}
