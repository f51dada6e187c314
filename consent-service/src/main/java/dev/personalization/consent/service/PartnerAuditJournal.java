package dev.personalization.consent.service;

import dev.personalization.consent.config.ConsentConfig;
import dev.personalization.kit.problem.ProblemException;
import dev.personalization.kit.problem.ProblemType;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Group commit of partner reads' audit rows. Callers queue their row and wait; a writer thread takes
 * whatever is queued (up to {@code consent.partner-audit.max-batch}) and inserts it in one statement,
 * which is its own transaction (autocommit: one round trip, and it returns only once the commit is
 * flushed, {@code synchronous_commit} being on); only then are the callers released. A partner
 * therefore gets its answer only once its row is durable, and a crash loses no row whose read was
 * answered; many concurrent checks share one commit (and its fsync) instead of paying one each.
 * With {@code consent.partner-audit.writers} above one, writers take turns, so that rows arriving
 * while one batch commits go out with another without waiting for it.
 * <p>
 * A full queue (more than {@code consent.partner-audit.queue-capacity} rows waiting), a commit that
 * fails, or one that takes longer than {@code consent.partner-audit.timeout}, answers 503: the check
 * is refused rather than answered without its audit row.
 */
@ApplicationScoped
public class PartnerAuditJournal {

    private static final Logger LOG = Logger.getLogger(PartnerAuditJournal.class);
    /** One statement for the whole batch, whatever its size (arrays, one element per row). */
    private static final String INSERT = "INSERT INTO partner_read (subject, purpose, partner, read_at) "
            + "SELECT s, p, pa, t::timestamptz FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::text[]) "
            + "AS r(s, p, pa, t)";

    private record Pending(String subject, String purpose, String partner, Instant readAt,
            CompletableFuture<Void> durable) {
    }

    private final AgroalDataSource dataSource;
    private final BlockingQueue<Pending> queue;
    private final int maxBatch;
    private final Duration timeout;
    private final DistributionSummary batchSizes;
    private final int writerCount;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;

    public PartnerAuditJournal(AgroalDataSource dataSource, ConsentConfig config, MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.queue = new ArrayBlockingQueue<>(config.partnerAudit().queueCapacity());
        this.maxBatch = config.partnerAudit().maxBatch();
        this.writerCount = config.partnerAudit().writers();
        this.timeout = config.partnerAudit().timeout();
        this.batchSizes = DistributionSummary.builder("consent.partner.audit.batch")
                .description("Partner-read audit rows committed together").register(metrics);
    }

    void start(@Observes StartupEvent event) {
        for (int i = 0; i < writerCount; i++) {
            Thread writer = new Thread(this::run, "partner-audit-writer-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    /** Stops taking rows and commits what is queued before the datasource goes away. */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (Thread writer : writers) {
            writer.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
    }

    /** Records a partner's read; returns once the row is committed, or throws a 503 problem. */
    public void record(String subject, String purpose, String partner) {
        Pending pending = new Pending(subject, purpose, partner, Instant.now(), new CompletableFuture<>());
        if (!running || !queue.offer(pending)) {
            throw unavailable("too many partner checks are waiting for their audit record; try again shortly");
        }
        try {
            pending.durable().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw unavailable("the audit record of this check could not be written; try again shortly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("the audit record of this check could not be written; try again shortly");
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                write(batch);
                batchSizes.record(batch.size());
                batch.forEach(pending -> pending.durable().complete(null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.forEach(pending -> pending.durable().completeExceptionally(e));
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("partner audit rows not committed (%s); %d partner checks refused", e.getClass().getSimpleName(),
                        batch.size());
                batch.forEach(pending -> pending.durable().completeExceptionally(e));
            }
            batch.clear();
        }
    }

    private void write(List<Pending> batch) throws SQLException {
        int size = batch.size();
        String[] subjects = new String[size];
        String[] purposes = new String[size];
        String[] partners = new String[size];
        String[] times = new String[size];
        for (int i = 0; i < size; i++) {
            Pending pending = batch.get(i);
            subjects[i] = pending.subject();
            purposes[i] = pending.purpose();
            partners[i] = pending.partner();
            times[i] = pending.readAt().toString();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            // autocommit: the statement is the transaction, and it returns once the commit is durable
            connection.setAutoCommit(true);
            Array subjectArray = connection.createArrayOf("varchar", subjects);
            Array purposeArray = connection.createArrayOf("varchar", purposes);
            Array partnerArray = connection.createArrayOf("varchar", partners);
            Array timeArray = connection.createArrayOf("text", times);
            insert.setArray(1, subjectArray);
            insert.setArray(2, purposeArray);
            insert.setArray(3, partnerArray);
            insert.setArray(4, timeArray);
            insert.executeUpdate();
        }
    }

    private static ProblemException unavailable(String detail) {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, detail, null);
    }
}
