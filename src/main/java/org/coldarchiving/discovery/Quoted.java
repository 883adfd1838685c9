package org.coldarchiving.discovery;

/** Renders an untrusted string (a tag value, a database name) safely inside a log line or error. */
public final class Quoted {

    private static final int MAX = 120;

    private Quoted() {
    }

    /** The value in single quotes, control characters escaped, cut at 120 characters. */
    public static String of(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder("'");
        value.codePoints().limit(MAX).forEach(c -> {
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        if (value.codePointCount(0, value.length()) > MAX) {
            out.append("...");
        }
        return out.append('\'').toString();
    }
}
