package org.coldarchiving.run;

/**
 * What a one-shot task reports at its end. Exit codes: 0 the task did everything it set out to do, 1 it
 * did not (or broke off), 2 the process stopped before the task ended, 3 a restore waits for a Glacier
 * retrieval: run it again later.
 */
public interface TaskOutcome {

    /** Exit code of a restore whose Glacier retrieval is requested or in progress. */
    int RETRIEVAL_PENDING = 3;

    boolean succeeded();

    default int exitCode() {
        return succeeded() ? 0 : 1;
    }
}
