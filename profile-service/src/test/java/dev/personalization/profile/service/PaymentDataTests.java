package dev.personalization.profile.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Pure logic: the payment data finder, and that its quick pre-checks never skip a value the patterns would match. */
class PaymentDataTests {

    private static final Pattern CARD_LIKE = Pattern.compile("(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])");
    private static final Pattern IBAN_LIKE = Pattern.compile("(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}(?: ?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])");

    @Test
    void findsCardsAndIbansAnywhere() {
        assertTrue(PaymentData.holdsPaymentData("4111 1111 1111 1111"));
        assertTrue(PaymentData.holdsPaymentData("card: 4111-1111-1111-1111 thanks"));
        assertTrue(PaymentData.holdsPaymentData("DE89 3704 0044 0532 0130 00"));
        assertTrue(PaymentData.holdsPaymentData("pay to gb82west12345698765432"));
        assertFalse(PaymentData.holdsPaymentData("4111 1111 1111 1112"), "fails the Luhn check");
        assertFalse(PaymentData.holdsPaymentData("2026-11-28T10:00:00.123456789Z"));
        assertFalse(PaymentData.holdsPaymentData("christmas/decorations"));
    }

    @Test
    void pathsNameTheField() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals("events[1].note", PaymentData.find(json.readTree(
                "{\"events\":[{\"type\":\"view\"},{\"note\":\"4111 1111 1111 1111\"}]}")));
        assertEquals("events[0].cvv", PaymentData.find(json.readTree("{\"events\":[{\"cvv\":\"123\"}]}")));
        assertEquals("events[0][1]", PaymentData.find(json.readTree("{\"events\":[[\"x\",\"4111111111111111\"]]}")));
        assertEquals("a.b", PaymentData.find(json.readTree("{\"a\":{\"b\":\"DE89370400440532013000\"}}")));
        assertEquals("Card-Number", PaymentData.find(json.readTree("{\"Card-Number\":1}")));
        assertNull(PaymentData.find(json.readTree("{\"events\":[{\"type\":\"view\",\"productId\":\"85123A\"}]}")));
    }

    /** Random strings of digits, separators and letters: the pre-checks agree with the patterns run on everything. */
    @Test
    void preChecksNeverSkipAMatch() {
        Random random = new Random(97);
        String alphabet = "0123456789012345678901234567890123456789 - -abAZgbDE";
        int cards = 0;
        int ibans = 0;
        for (int n = 0; n < 200_000; n++) {
            int length = 13 + random.nextInt(30);
            StringBuilder value = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = value.toString();
            boolean card = CARD_LIKE.matcher(text).find();
            boolean iban = IBAN_LIKE.matcher(text).find();
            cards += card ? 1 : 0;
            ibans += iban ? 1 : 0;
            if (card) {
                assertTrue(PaymentData.longestDigitRun(text) >= 13, text);
            }
            if (iban) {
                assertTrue(PaymentData.hasIbanStart(text), text);
            }
            assertEquals(reference(text), PaymentData.holdsPaymentData(text), text);
        }
        assertTrue(cards > 1_000 && ibans > 100, "the strings exercise both patterns: " + cards + " " + ibans);
    }

    /** The finder as it was before the pre-checks: both patterns on every value. */
    private static boolean reference(String value) {
        Matcher card = CARD_LIKE.matcher(value);
        while (card.find()) {
            String digits = card.group().replace(" ", "").replace("-", "");
            if (digits.length() >= 13 && digits.length() <= 19 && digits.charAt(0) >= '2' && digits.charAt(0) <= '6'
                    && PaymentData.luhn(digits)) {
                return true;
            }
        }
        Matcher iban = IBAN_LIKE.matcher(value);
        while (iban.find()) {
            if (PaymentData.ibanValid(iban.group().replace(" ", "").toUpperCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
