package org.coldarchiving.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** SNS takes a subject of printable ASCII up to 100 characters only: every alert's subject is made so. */
class AlertSubjectsTest {

    @Test
    void nonAsciiAndControlCharactersBecomeQuestionMarksAndLongSubjectsAreCut() {
        assertEquals("archive of corpus ? \"q\" FAILED", AlertSubjects.of("archive of corpus ✓ \"q\" FAILED"));
        assertEquals("a?b", AlertSubjects.of("a\nb"));
        String cut = AlertSubjects.of("x".repeat(150));
        assertEquals(100, cut.length());
        assertEquals("x".repeat(97) + "...", cut);
    }
}
