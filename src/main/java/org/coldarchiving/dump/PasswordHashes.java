package org.coldarchiving.dump;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.coldarchiving.discovery.Engine;
import org.coldarchiving.run.ArchiveTarget;

/**
 * Keeps password hashes out of MySQL/MariaDB instance archives (archive.include-password-hashes=false, the
 * default): the users dump is rewritten line by line as it streams, each credential clause
 * ({@code IDENTIFIED BY PASSWORD '...'}, {@code IDENTIFIED VIA plugin USING '...' [OR ...]},
 * {@code IDENTIFIED WITH plugin AS '...'} / {@code AS 0x...}) removed, and every account that lost one is
 * created {@code ACCOUNT LOCK}ed, so that loading the archive never makes an account that logs in without a
 * password. Database dumps and PostgreSQL's instance archive (pg_dumpall --no-role-passwords has no hash)
 * pass untouched.
 */
public class PasswordHashes {

    static final String HEADER = "-- cold-archiving: password hashes removed (archive.include-password-hashes=false).\n"
            + "-- Accounts that had a credential are created with ACCOUNT LOCK: give each its password and unlock it\n"
            + "-- (ALTER USER ... IDENTIFIED BY '...' ACCOUNT UNLOCK).\n";

    private static final String LITERAL = "(?:'(?:[^'\\\\]|\\\\.|'')*'|\"(?:[^\"\\\\]|\\\\.|\"\")*\"|0x[0-9A-Fa-f]+|[Xx]'[0-9A-Fa-f]*')";
    private static final String CREDENTIAL = "(?:PASSWORD\\s*\\(\\s*" + LITERAL + "\\s*\\)|" + LITERAL + ")";
    private static final String PLUGIN = "(?:\\w+|'[^']*'|`[^`]*`|\"[^\"]*\")";
    private static final String AUTH = PLUGIN + "(?:\\s+(?:USING|AS|BY)\\s+" + CREDENTIAL + ")?";
    /** An IDENTIFIED clause: by a password (hash), or by plugins, each with or without an auth string. */
    private static final Pattern IDENTIFIED = Pattern.compile("\\s+IDENTIFIED\\s+(?:BY\\s+PASSWORD\\s+" + LITERAL
            + "|BY\\s+" + LITERAL + "|(?:VIA|WITH)\\s+" + AUTH + "(?:\\s+OR\\s+" + AUTH + ")*)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern HAS_CREDENTIAL = Pattern.compile("(?:USING|AS|BY)\\s+(?:PASSWORD\\s+)?"
            + CREDENTIAL, Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern USER_STATEMENT = Pattern.compile("^\\s*(?:CREATE|ALTER)\\s+USER\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SET_PASSWORD = Pattern.compile("^\\s*SET\\s+PASSWORD\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern LOCKED = Pattern.compile("\\bACCOUNT\\s+LOCK\\b", Pattern.CASE_INSENSITIVE);

    private boolean include;

    /** Set from archive.include-password-hashes. */
    public void setIncludePasswordHashes(boolean include) {
        this.include = include;
    }

    /** The dump as it should be archived: the hashes of a MySQL/MariaDB instance archive removed. */
    public InputStream strip(InputStream dump, ArchiveTarget target) {
        if (include || !target.isInstanceArchive() || target.instance().engine() == Engine.POSTGRESQL) {
            return dump;
        }
        return new Stripping(new java.io.BufferedInputStream(dump));
    }

    /** One line of a users dump without its credentials (and ACCOUNT LOCK on an account that had one). */
    static String stripLine(String line) {
        if (SET_PASSWORD.matcher(line).find()) {
            return "-- SET PASSWORD removed (archive.include-password-hashes=false)";
        }
        Matcher m = IDENTIFIED.matcher(line);
        StringBuilder out = new StringBuilder();
        boolean removed = false;
        while (m.find()) {
            if (HAS_CREDENTIAL.matcher(m.group()).find()) {
                m.appendReplacement(out, "");
                removed = true;
            } else {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
            }
        }
        m.appendTail(out);
        String result = out.toString();
        if (removed && USER_STATEMENT.matcher(result).find() && !LOCKED.matcher(result).find()) {
            int end = result.stripTrailing().endsWith(";") ? result.lastIndexOf(';') : result.length();
            result = result.substring(0, end) + " ACCOUNT LOCK" + result.substring(end);
        }
        return result;
    }

    /** True when the text ends inside a '...', "..." or `...` quoted part (backslash and doubled quotes escape). */
    static boolean insideQuotes(String text) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0) {
                if (c == '\'' || c == '"' || c == '`') {
                    quote = c;
                }
            } else if (c == '\\' && quote != '`') {
                i++;
            } else if (c == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i++;
                } else {
                    quote = 0;
                }
            }
        }
        return quote != 0;
    }

    /** The dump, line by line through {@link #stripLine}, after a header saying what was removed. */
    private static final class Stripping extends InputStream {
        private final InputStream in;
        private byte[] pending = HEADER.getBytes(StandardCharsets.UTF_8);
        private int position;
        private boolean ended;

        Stripping(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            while (position >= pending.length) {
                if (ended || !nextLine()) {
                    return -1;
                }
            }
            int n = Math.min(length, pending.length - position);
            System.arraycopy(pending, position, buffer, offset, n);
            position += n;
            return n;
        }

        /**
         * The next statement line; a line that ends inside a quoted string (a MySQL hash's raw bytes may hold
         * a newline) is joined with the next ones, so that a credential is never cut in two.
         */
        private boolean nextLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            do {
                while ((b = in.read()) >= 0 && b != '\n') {
                    line.write(b);
                }
                if (b >= 0 && insideQuotes(line.toString(StandardCharsets.UTF_8))) {
                    line.write('\n');
                } else {
                    break;
                }
            } while (true);
            if (b < 0 && line.size() == 0) {
                ended = true;
                return false;
            }
            String stripped = stripLine(line.toString(StandardCharsets.UTF_8)) + (b < 0 ? "" : "\n");
            ended = b < 0;
            pending = stripped.getBytes(StandardCharsets.UTF_8);
            position = 0;
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
