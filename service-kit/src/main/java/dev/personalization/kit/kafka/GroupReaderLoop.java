package dev.personalization.kit.kafka;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The life of a background topic reader (a {@link KafkaConsumers#groupReader}): a daemon thread opens the
 * consumer, subscribes to one topic and hands every poll to the reader's {@link Batch}, which applies it and
 * commits what it applied. When a batch, the broker or the database fails, the consumer is closed and, after
 * a pause (so that an outage is not hammered), a fresh one reads again from the group's committed offsets.
 * {@link #stop} wakes the consumer out of its poll and ends the thread. Logs name the reader and the failure's
 * type only, never a record.
 */
public final class GroupReaderLoop {

    private static final Logger LOG = Logger.getLogger(GroupReaderLoop.class);

    /** What a reader does with one poll (possibly empty): apply it, then commit what it applied. */
    @FunctionalInterface
    public interface Batch {
        void apply(ConsumerRecords<byte[], byte[]> records, KafkaConsumer<byte[], byte[]> consumer);
    }

    private final String name;
    private final String topic;
    private final Supplier<KafkaConsumer<byte[], byte[]>> consumers;
    private final Duration pollTimeout;
    private final Duration retryDelay;
    private final Batch batch;
    private volatile boolean stopping;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    /**
     * @param name the reader's thread name, also used in its log lines
     * @param consumers opens a new consumer (not yet subscribed) on start and after each failure
     */
    public GroupReaderLoop(String name, String topic, Supplier<KafkaConsumer<byte[], byte[]>> consumers,
            Duration pollTimeout, Duration retryDelay, Batch batch) {
        this.name = name;
        this.topic = topic;
        this.consumers = consumers;
        this.pollTimeout = pollTimeout;
        this.retryDelay = retryDelay;
        this.batch = batch;
    }

    public synchronized void start() {
        stopping = false;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Wakes the consumer and waits up to {@code join} for the thread to close it. */
    public void stop(Duration join) {
        stopping = true;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(join.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True once {@link #stop} was called: a batch waiting on something should give up then. */
    public boolean stopping() {
        return stopping;
    }

    private void run() {
        while (!stopping) {
            try (KafkaConsumer<byte[], byte[]> opened = consumers.get()) {
                consumer = opened;
                opened.subscribe(List.of(topic));
                while (!stopping) {
                    batch.apply(opened.poll(pollTimeout), opened);
                }
            } catch (WakeupException | InterruptException e) {
                // woken by stop(), or the thread was interrupted: either way the reader ends
                stopping = true;
            } catch (RuntimeException e) {
                if (!stopping) {
                    // what was not committed is read again by the next consumer
                    LOG.warnf("%s: the consumer restarts after %s", name, e.getClass().getSimpleName());
                    pause();
                }
            } finally {
                consumer = null;
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(retryDelay.toMillis()); // the retry interval after a failure, not a timing assumption
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }
}
