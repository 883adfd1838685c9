package org.coldarchiving.restore;

import org.coldarchiving.report.Causes;
import org.coldarchiving.run.TaskOutcome;

/**
 * How a restore ended: restored (exit 0), failed with its reason (exit 1), or waiting for a Glacier
 * retrieval (exit {@value TaskOutcome#RETRIEVAL_PENDING}: run the same restore again later).
 */
public record RestoreOutcome(String what, Result result, String detail) implements TaskOutcome {

    public enum Result {
        RESTORED, FAILED, RETRIEVAL_PENDING
    }

    public static RestoreOutcome restored(String what, String detail) {
        return new RestoreOutcome(what, Result.RESTORED, detail);
    }

    /** A failure, with the reason of the exception Camel's own wrappers (a bean call, ...) carry. */
    public static RestoreOutcome failed(String what, Throwable cause) {
        return new RestoreOutcome(what, Result.FAILED, Causes.of(cause).getMessage());
    }

    public static RestoreOutcome pending(String what, Retrieval retrieval) {
        return new RestoreOutcome(what, Result.RETRIEVAL_PENDING, retrieval.toString());
    }

    @Override
    public boolean succeeded() {
        return result == Result.RESTORED;
    }

    @Override
    public int exitCode() {
        return result == Result.RETRIEVAL_PENDING ? RETRIEVAL_PENDING : TaskOutcome.super.exitCode();
    }

    @Override
    public String toString() {
        return switch (result) {
            case RESTORED -> "restored " + what + " into " + detail;
            case FAILED -> "failed to restore " + what + ": " + detail;
            case RETRIEVAL_PENDING -> "is waiting for the Glacier retrieval of " + what + ": " + detail;
        };
    }
}
