package dev.personalization.consentview.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Whether the consent view can be trusted: only once it has applied the consent topic up to the end
 * offsets it saw when its consumer started, or when the broker answered again after being lost. Until
 * then (and while the broker is away, or a batch cannot be stored) the view may be missing a withdrawal,
 * so nothing may act on it. Fed by {@link ConsentTopicReader}; read by readiness and by
 * {@link ConsentViewService#requireCaughtUp()}.
 */
@ApplicationScoped
public class CatchUpTracker {

    public enum State {
        /** The consumer has not started, or has not reached the broker yet. */
        STARTING("starting"),
        /** The broker did not answer in time: what was published meanwhile is unknown. */
        BROKER_UNREACHABLE("broker-unreachable"),
        /** Applying the topic up to the end offsets seen at start (or after the broker returned). */
        CATCHING_UP("catching-up"),
        /** Records could not be stored; they are read again and retried. */
        STORE_FAILING("store-failing"),
        CAUGHT_UP("caught-up"),
        /** The consumer is not running. */
        STOPPED("stopped");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * @param partitions the partitions of the target (0 while unknown or when the topic does not exist yet)
     * @param behind records between what has been applied and the target; -1 while the target is unknown
     */
    public record Status(State state, int partitions, long behind) {
        public boolean trusted() {
            return state == State.CAUGHT_UP;
        }
    }

    private boolean running;
    private boolean stopped;
    private boolean reachable;
    private boolean lost;
    private boolean storeFailing;
    private Map<Integer, Long> target;
    private Map<Integer, Long> positions = Map.of();
    private boolean reached;

    /** A consumer session begins (at start, or again after an error): a new target is needed. */
    public synchronized void sessionStarting() {
        running = true;
        stopped = false;
        reachable = false;
        storeFailing = false;
        target = null;
        reached = false;
    }

    /** The consumer stopped (shutdown, or it died). */
    public synchronized void stopped() {
        running = false;
        stopped = true;
        target = null;
        reached = false;
    }

    /** The broker did not answer in time: the view is no longer known to be current. */
    public synchronized void brokerLost() {
        reachable = false;
        lost = true;
        target = null;
        reached = false;
    }

    /**
     * The broker answered with the topic's end offsets (partition to offset). If the view has no target
     * (a new session, or the broker was lost), they become it; the view is caught up once every
     * partition's position has reached them. Later answers do not move a reached target: new decisions
     * arriving while the view keeps up are ordinary lag, not staleness.
     */
    public synchronized void endOffsets(Map<Integer, Long> endOffsets, Map<Integer, Long> positions) {
        reachable = true;
        lost = false;
        if (target == null) {
            target = Map.copyOf(endOffsets);
        }
        progress(positions);
    }

    /** Where the view has applied the topic up to (partition to next offset), after a stored batch or an empty poll. */
    public synchronized void progress(Map<Integer, Long> positions) {
        this.positions = Map.copyOf(positions);
        if (target != null && !reached) {
            reached = target.entrySet().stream()
                    .allMatch(end -> this.positions.getOrDefault(end.getKey(), 0L) >= end.getValue());
        }
    }

    public synchronized void storeFailed() {
        storeFailing = true;
    }

    public synchronized void stored() {
        storeFailing = false;
    }

    public synchronized Status status() {
        return new Status(state(), target == null ? 0 : target.size(), behind());
    }

    public boolean trusted() {
        return status().trusted();
    }

    private State state() {
        if (!running) {
            return stopped ? State.STOPPED : State.STARTING;
        }
        if (!reachable) {
            return lost ? State.BROKER_UNREACHABLE : State.STARTING;
        }
        if (storeFailing) {
            return State.STORE_FAILING;
        }
        return reached ? State.CAUGHT_UP : State.CATCHING_UP;
    }

    private long behind() {
        if (target == null) {
            return -1;
        }
        return target.entrySet().stream()
                .mapToLong(end -> Math.max(0, end.getValue() - positions.getOrDefault(end.getKey(), 0L)))
                .sum();
    }
}
