package dev.personalization.profile.service;

import java.util.Locale;
import java.util.regex.Pattern;

/** A category path as intake and the vocabulary keep it: lowercase segments separated by "/". */
public final class ActivityCategory {

    public static final int MAX_LENGTH = 128;
    private static final Pattern PATH = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} &'._-]*(/[\\p{L}\\p{N}][\\p{L}\\p{N} &'._-]*)*");

    private ActivityCategory() {
    }

    public static boolean valid(String category) {
        return category != null && category.length() <= MAX_LENGTH && PATH.matcher(category.strip()).matches();
    }

    public static String normalize(String category) {
        return category.strip().toLowerCase(Locale.ROOT);
    }
}
