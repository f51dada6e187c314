package dev.personalization.profile.service;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Words as search matches them: lowercased, split at anything but letters and digits, a plural "s"
 * dropped ("candles" and "candle" meet). The same for queries, catalog terms and category paths.
 */
public final class Terms {

    /** A query contributes at most this many words (a longer one is matched on its first words). */
    static final int MAX_PER_TEXT = 32;

    private Terms() {
    }

    public static Set<String> of(String text) {
        Set<String> terms = new LinkedHashSet<>();
        if (text == null) {
            return terms;
        }
        StringBuilder word = new StringBuilder();
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i <= lower.length() && terms.size() < MAX_PER_TEXT; i++) {
            char c = i < lower.length() ? lower.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) {
                word.append(c);
            } else if (!word.isEmpty()) {
                add(terms, word.toString());
                word.setLength(0);
            }
        }
        return terms;
    }

    private static void add(Set<String> terms, String word) {
        if (word.length() < 2 || word.length() > 40) {
            return;
        }
        if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")) {
            word = word.substring(0, word.length() - 1);
        }
        terms.add(word);
    }
}
