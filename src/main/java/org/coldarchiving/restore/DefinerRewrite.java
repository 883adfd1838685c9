package org.coldarchiving.restore;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the DEFINER of views, triggers, routines and events in a MariaDB/MySQL dump to CURRENT_USER on
 * its way to the client, so that a user other than the archived definer can restore them
 * (archive.restore.ownership=restoring-user). mysqldump and mariadb-dump write a DEFINER clause near the
 * start of a statement line ({@code CREATE DEFINER=`u`@`h` PROCEDURE}, {@code /*!50013 DEFINER=`u`@`h`
 * SQL SECURITY DEFINER * /}, {@code /*!50017 DEFINER=`u`@`h`* /}); only the first such clause of a line
 * is rewritten, row data lines ({@code INSERT INTO}) pass untouched and unbuffered, and a line longer
 * than {@value #HEAD} bytes passes as it is.
 */
final class DefinerRewrite extends FilterOutputStream {

    private static final int HEAD = 64 * 1024;
    private static final byte[] INSERT = "INSERT INTO ".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern DEFINER = Pattern.compile("DEFINER=`(?:[^`]|``)*`@`(?:[^`]|``)*`");

    private final byte[] line = new byte[HEAD];
    private int length;
    private boolean passing;
    private long rewritten;

    DefinerRewrite(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] data, int offset, int count) throws IOException {
        int i = offset;
        int end = offset + count;
        while (i < end) {
            if (passing) {
                int newline = indexOf(data, i, end);
                int stop = newline < 0 ? end : newline + 1;
                out.write(data, i, stop - i);
                passing = newline < 0;
                i = stop;
                continue;
            }
            byte b = data[i++];
            line[length++] = b;
            if (b == '\n') {
                emitLine();
            } else if (length == HEAD || (length == INSERT.length && startsWithInsert())) {
                out.write(line, 0, length);
                length = 0;
                passing = true;
            }
        }
    }

    private boolean startsWithInsert() {
        for (int k = 0; k < INSERT.length; k++) {
            if (line[k] != INSERT[k]) {
                return false;
            }
        }
        return true;
    }

    private void emitLine() throws IOException {
        String text = new String(line, 0, length, StandardCharsets.ISO_8859_1);
        Matcher m = DEFINER.matcher(text);
        if (m.find()) {
            rewritten++;
            out.write((text.substring(0, m.start()) + "DEFINER=CURRENT_USER" + text.substring(m.end()))
                    .getBytes(StandardCharsets.ISO_8859_1));
        } else {
            out.write(line, 0, length);
        }
        length = 0;
    }

    private static int indexOf(byte[] data, int from, int to) {
        for (int k = from; k < to; k++) {
            if (data[k] == '\n') {
                return k;
            }
        }
        return -1;
    }

    /** How many DEFINER clauses were rewritten. */
    long rewritten() {
        return rewritten;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (length > 0 && !passing) {
            emitLine();
        }
        super.close();
    }
}
