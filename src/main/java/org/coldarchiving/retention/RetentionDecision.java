package org.coldarchiving.retention;

/**
 * What retention does with one expired archive, and why (logged, listed in a dry run, and in the e-mail).
 *
 * @param delete true to delete the archive; false to keep it
 * @param reason why, in a sentence
 */
public record RetentionDecision(boolean delete, String reason) {
}
