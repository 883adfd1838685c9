package org.coldarchiving.fleet;

/**
 * A database whose work message reached the work dead-letter queue: it was not archived in its run (thrown by
 * the route take-work-dead-letters, so that archive-errors reports it like any failed database).
 */
public class WorkDeadLettered extends RuntimeException {

    public WorkDeadLettered(String message) {
        super(message);
    }
}
