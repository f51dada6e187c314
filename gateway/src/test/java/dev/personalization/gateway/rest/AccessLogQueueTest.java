package dev.personalization.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queue between the event loops and the access log's writer: order kept, bounded, drops counted. A
 * Quarkus app of another test may still be writing to the same category in this JVM: only this test's lines
 * (and the drop warning) are looked at.
 */
class AccessLogQueueTest {

    private final String marker = "queue-test-" + java.util.UUID.randomUUID() + " ";
    private final List<LogRecord> records = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Logger logger = Logger.getLogger(AccessLog.CATEGORY);
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (message != null && (message.startsWith(marker) || message.startsWith("access log: "))) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
    }

    private List<String> messages() {
        synchronized (records) {
            return records.stream().map(record -> record.getMessage().substring(
                    record.getMessage().startsWith(marker) ? marker.length() : 0)).toList();
        }
    }

    @Test
    void queuedLinesAreWrittenInTheOrderTheRequestsEnded() {
        AccessLog log = new AccessLog(null);
        log.enqueue(marker + "GET /api/consents/me 200 1.00ms request=a");
        log.enqueue(marker + "GET /api/purposes 200 2.00ms request=b");
        assertEquals(List.of(), messages(), "nothing is written on the request's thread");
        log.flush();
        assertEquals(List.of("GET /api/consents/me 200 1.00ms request=a", "GET /api/purposes 200 2.00ms request=b"),
                messages());
        log.flush();
        assertEquals(2, records.size(), "a line is written once");
    }

    @Test
    void beyondTheBoundLinesAreCountedNotKept() {
        AccessLog log = new AccessLog(null);
        for (int i = 0; i < AccessLog.MAX_PENDING + 7; i++) {
            log.enqueue(marker + "line " + i);
        }
        log.flush();
        List<String> written = messages();
        assertEquals(AccessLog.MAX_PENDING + 1, written.size());
        assertEquals("line 0", written.get(0));
        assertEquals("line " + (AccessLog.MAX_PENDING - 1), written.get(AccessLog.MAX_PENDING - 1));
        assertEquals(Level.WARNING, records.get(AccessLog.MAX_PENDING).getLevel());
        assertEquals("access log: 7 lines dropped, the log could not keep up", formatted(records.get(AccessLog.MAX_PENDING)));

        log.enqueue(marker + "after");
        log.flush();
        List<String> all = messages();
        assertEquals("after", all.get(all.size() - 1), "room again once written");
    }

    private static String formatted(LogRecord record) {
        Object[] parameters = record.getParameters();
        String message = record.getMessage();
        return parameters == null || parameters.length == 0 ? message : String.format(message, parameters);
    }
}
