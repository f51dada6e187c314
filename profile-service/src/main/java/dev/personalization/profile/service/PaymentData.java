package dev.personalization.profile.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds payment data in a request body before anything of it is used: a field named like one
 * (cardNumber, cvv, iban, ...) at any depth, or a value anywhere that looks like a card number (13 to 19
 * digits, optionally grouped by spaces or hyphens, passing the Luhn check and starting like a card
 * network's numbers, 2 to 6) or an IBAN (passing its mod-97 check). Such a batch is refused whole (422),
 * so that payment data is never stored, logged or published, not even stripped of the field.
 */
public final class PaymentData {

    /** Field names, lowercased without separators. */
    private static final Set<String> FIELDS = Set.of("cardnumber", "cardno", "card", "creditcard", "creditcardnumber",
            "ccnumber", "ccn", "pan", "cvv", "cvv2", "cvc", "cvc2", "cid", "securitycode", "cardsecuritycode",
            "iban", "bic", "swift", "accountnumber", "bankaccount", "cardexpiry", "expirydate", "cardholder",
            "paymentmethod", "paymentdetails");
    private static final Pattern CARD_LIKE = Pattern.compile("(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])");
    private static final Pattern IBAN_LIKE = Pattern.compile("(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}(?: ?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])");
    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    private PaymentData() {
    }

    /** The path of the first field that is or holds payment data (as {@code events[2].cardNumber}); null when none. */
    public static String find(JsonNode node) {
        return within(node);
    }

    /**
     * The path below {@code node} of the first field that is or holds payment data: "" for the node itself,
     * null when none. Built on the way back from a find only, so a clean body costs no path strings.
     */
    private static String within(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (FIELDS.contains(normalize(field.getKey()))) {
                    return field.getKey();
                }
                String found = within(field.getValue());
                if (found != null) {
                    return found.isEmpty() || found.startsWith("[") ? field.getKey() + found : field.getKey() + "." + found;
                }
            }
            return null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = within(node.get(i));
                if (found != null) {
                    return "[" + i + "]" + (found.isEmpty() || found.startsWith("[") ? found : "." + found);
                }
            }
            return null;
        }
        if (node.isTextual() || node.isNumber()) {
            return holdsPaymentData(node.asText()) ? "" : null;
        }
        return null;
    }

    /** Whether a value contains a card-like number or an IBAN. */
    public static boolean holdsPaymentData(String value) {
        if (value == null || value.length() < 13) {
            return false;
        }
        // the patterns run only where they could match: most values (times, ids, paths, words) have
        // neither a run of 13 digits nor an IBAN's two letters and two digits
        if (longestDigitRun(value) >= 13) {
            Matcher card = CARD_LIKE.matcher(value);
            while (card.find()) {
                String digits = card.group().replace(" ", "").replace("-", "");
                if (digits.length() >= 13 && digits.length() <= 19 && digits.charAt(0) >= '2' && digits.charAt(0) <= '6'
                        && luhn(digits)) {
                    return true;
                }
            }
        }
        if (hasIbanStart(value)) {
            Matcher iban = IBAN_LIKE.matcher(value);
            while (iban.find()) {
                if (ibanValid(iban.group().replace(" ", "").toUpperCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The most digits in one run of digits each separated from the next by at most one space or hyphen:
     * every match of {@link #CARD_LIKE} lies within such a run.
     */
    static int longestDigitRun(String value) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < value.length(); i++) {
            if (!asciiDigit(value.charAt(i))) {
                continue;
            }
            boolean continues = i > 0 && (asciiDigit(value.charAt(i - 1))
                    || (i > 1 && (value.charAt(i - 1) == ' ' || value.charAt(i - 1) == '-') && asciiDigit(value.charAt(i - 2))));
            run = continues ? run + 1 : 1;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    /** Two ASCII letters followed by two digits somewhere: how every match of {@link #IBAN_LIKE} begins. */
    static boolean hasIbanStart(String value) {
        for (int i = 0; i + 3 < value.length(); i++) {
            if (asciiLetter(value.charAt(i)) && asciiLetter(value.charAt(i + 1)) && asciiDigit(value.charAt(i + 2))
                    && asciiDigit(value.charAt(i + 3))) {
                return true;
            }
        }
        return false;
    }

    private static boolean asciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean asciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (twice) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    static boolean ibanValid(String iban) {
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder numeric = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            if (Character.isDigit(c)) {
                numeric.append(c);
            } else if (c >= 'A' && c <= 'Z') {
                numeric.append(c - 'A' + 10);
            } else {
                return false;
            }
        }
        return new BigInteger(numeric.toString()).mod(NINETY_SEVEN).intValue() == 1;
    }

    private static String normalize(String name) {
        StringBuilder normalized = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                normalized.append(Character.toLowerCase(c));
            }
        }
        return normalized.toString();
    }
}
