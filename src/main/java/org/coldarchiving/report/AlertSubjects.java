package org.coldarchiving.report;

/**
 * The subject of an e-mail alert as SNS takes it: printable ASCII (any other character, e.g. from a
 * database name, becomes '?') and at most 100 characters; SNS refuses the whole message otherwise.
 */
public final class AlertSubjects {

    private static final int MAX = 100;

    private AlertSubjects() {
    }

    public static String of(String subject) {
        StringBuilder ascii = new StringBuilder();
        subject.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return ascii.length() > MAX ? ascii.substring(0, MAX - 3) + "..." : ascii.toString();
    }
}
