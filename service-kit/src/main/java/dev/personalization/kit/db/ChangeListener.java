package dev.personalization.kit.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Keeps an in-memory cache coherent across replicas with PostgreSQL LISTEN/NOTIFY: a daemon thread
 * listens on one channel and hands every payload to {@code onChange}. The cache may be used only while
 * {@link #coherent()}: from the moment the LISTEN is in place until the connection is lost. Each time
 * coherence starts or ends, {@code onReset} runs, so that nothing read while notifications could have
 * been missed survives. A half-open connection delivers nothing and throws nothing, so the connection
 * is asked a trivial query every few seconds.
 */
public final class ChangeListener {

    private static final Logger LOG = Logger.getLogger(ChangeListener.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(5);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final String channel;
    private final Consumer<String> onChange;
    private final Runnable onReset;
    private volatile boolean coherent;
    private volatile boolean running;
    private Thread thread;

    /** @param channel a plain SQL identifier (it is written into the LISTEN statement) */
    public ChangeListener(DataSource dataSource, String channel, Consumer<String> onChange, Runnable onReset) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain channel name: " + channel);
        }
        this.dataSource = dataSource;
        this.channel = channel;
        this.onChange = onChange;
        this.onReset = onReset;
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::listen, channel + "-listener");
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** True while notifications are being received, i.e. while the cache may be used. */
    public boolean coherent() {
        return coherent;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + channel);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                onReset.run();
                coherent = true;
                long nextCheck = System.nanoTime() + CHECK_EVERY.toNanos();
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            onChange.accept(notification.getParameter());
                        }
                    }
                    if (System.nanoTime() >= nextCheck) {
                        try (Statement check = connection.createStatement()) {
                            check.setQueryTimeout(5);
                            check.execute("SELECT 1");
                        }
                        nextCheck = System.nanoTime() + CHECK_EVERY.toNanos();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warnf("the %s listener lost its connection (%s); reading from the database meanwhile", channel,
                            e.getClass().getSimpleName());
                }
            } finally {
                coherent = false;
                onReset.run();
            }
            try {
                Thread.sleep(RETRY_AFTER.toMillis()); // back-off before reconnecting; reads go to the database meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
