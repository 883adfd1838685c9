package org.coldarchiving.retention;

/**
 * What retention does with one expired archive, and why (logged, listed in a dry run, and in the e-mail).
 *
 * @param delete   true: the archive goes; false: it is kept
 * @param listOnly true in a dry run (archive.retention.dry-run): an archive that goes is only listed
 * @param reason   why, in a sentence
 */
public record RetentionDecision(boolean delete, boolean listOnly, String reason) {

    /** True when the archive's object is to be deleted now. */
    public boolean act() {
        return delete && !listOnly;
    }
}
