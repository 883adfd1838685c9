package org.coldarchiving.run;

/** What a one-shot task reports at its end: the exit code is 0 only if it did everything it set out to do. */
public interface TaskOutcome {

    boolean succeeded();
}
