package dev.personalization.consent.service;

import dev.personalization.kit.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * The opaque cursor of a history page: where the next page starts in the subject's ledger entries and
 * in their partner reads. It is MACed (a key derived from the ledger key) together with the subject,
 * so that a cursor cannot be forged, altered, or replayed by another subject: any change is a 400.
 */
@ApplicationScoped
public class HistoryCursor {

    private static final byte VERSION = 1;
    private static final int MAC_LENGTH = 16;
    private static final int LENGTH = 1 + 8 + 8 + MAC_LENGTH;

    private final LedgerHasher hasher;

    public HistoryCursor(LedgerHasher hasher) {
        this.hasher = hasher;
    }

    /** Positions after which the next page starts (0: from the beginning). */
    public record Position(long afterEntry, long afterRead) {
        public static final Position START = new Position(0, 0);
    }

    public String encode(String subject, Position position) {
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
        buffer.put(VERSION).putLong(position.afterEntry()).putLong(position.afterRead());
        buffer.put(mac(subject, Arrays.copyOf(buffer.array(), LENGTH - MAC_LENGTH)));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    public Position decode(String subject, String cursor) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (bytes.length != LENGTH || bytes[0] != VERSION
                || !Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(cursor)) {
            throw invalid();
        }
        byte[] body = Arrays.copyOf(bytes, LENGTH - MAC_LENGTH);
        byte[] mac = Arrays.copyOfRange(bytes, LENGTH - MAC_LENGTH, LENGTH);
        if (!MessageDigest.isEqual(mac, mac(subject, body))) {
            throw invalid();
        }
        ByteBuffer buffer = ByteBuffer.wrap(body, 1, 16);
        long afterEntry = buffer.getLong();
        long afterRead = buffer.getLong();
        if (afterEntry < 0 || afterRead < 0) {
            throw invalid();
        }
        return new Position(afterEntry, afterRead);
    }

    private byte[] mac(String subject, byte[] body) {
        byte[] subjectBytes = subject.getBytes(StandardCharsets.UTF_8);
        ByteBuffer input = ByteBuffer.allocate(4 + subjectBytes.length + body.length);
        input.putInt(subjectBytes.length).put(subjectBytes).put(body);
        return Arrays.copyOf(hasher.derivedMac("history-cursor", input.array()), MAC_LENGTH);
    }

    private static ProblemException invalid() {
        return ProblemException.badRequest("cursor",
                "cursor is not one this service handed out; use nextCursor from the previous page as it is");
    }
}
