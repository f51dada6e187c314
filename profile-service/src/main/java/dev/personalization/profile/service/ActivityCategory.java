package dev.personalization.profile.service;

import java.util.Locale;

/** A category path as intake and the vocabulary keep it: lowercase segments separated by "/". */
public final class ActivityCategory {

    public static final int MAX_LENGTH = 128;

    private ActivityCategory() {
    }

    /**
     * At most {@link #MAX_LENGTH} characters of segments separated by single "/", each starting with a letter or
     * digit (any script) followed by letters, digits, spaces and {@code & ' . _ -}; surrounding blanks are ignored.
     */
    public static boolean valid(String category) {
        if (category == null || category.length() > MAX_LENGTH) {
            return false;
        }
        String path = category.strip();
        boolean segmentStart = true;
        for (int i = 0; i < path.length(); ) {
            int c = path.codePointAt(i);
            if (segmentStart) {
                if (!letterOrNumber(c)) {
                    return false;
                }
                segmentStart = false;
            } else if (c == '/') {
                segmentStart = true;
            } else if (!letterOrNumber(c) && c != ' ' && c != '&' && c != '\'' && c != '.' && c != '_' && c != '-') {
                return false;
            }
            i += Character.charCount(c);
        }
        return !segmentStart;
    }

    /** {@code \p{L}} or {@code \p{N}}: a letter or a number of any script. */
    private static boolean letterOrNumber(int c) {
        if (Character.isLetter(c)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }

    public static String normalize(String category) {
        return category.strip().toLowerCase(Locale.ROOT);
    }
}
