package dev.personalization.recommendation.service;

/** Category paths as outputs compare and name them. */
final class Categories {

    private Categories() {
    }

    /** Whether {@code path} is {@code category} or below it. */
    static boolean within(String path, String category) {
        return path.equals(category) || path.startsWith(category + "/");
    }

    /** "home/scented-candles" is said "scented candles". */
    static String lastSegment(String category) {
        return category.substring(category.lastIndexOf('/') + 1).replace('-', ' ');
    }
}
