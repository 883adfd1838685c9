package org.coldarchiving.manifest;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the rows of a mysqldump / mariadb-dump SQL stream as it passes, byte by byte, without holding
 * it: every {@code CREATE TABLE `t`} makes {@code t} a table (0 rows), every row tuple of an
 * {@code INSERT INTO `t` [(columns)] VALUES (...),(...);} adds one. It lexes SQL as the mysql client
 * reads it: strings in {@code '...'} and {@code "..."} with backslash escapes (and doubled quotes),
 * identifiers in backticks, {@code -- } and {@code /* *&#47;} comments (including the dump's
 * {@code /*!50003 ... *&#47;} executable comments, which hold triggers: an INSERT there is not data), and
 * the client's {@code DELIMITER} command (a routine body's INSERT is not a statement of its own). Hex
 * literals ({@code 0x..}, {@code --hex-blob}) and {@code _binary '...'} need nothing special: only
 * parentheses outside strings count.
 */
public final class SqlDumpRows {

    private static final int HEAD_MAX = 1024;
    private static final Pattern INSERT = Pattern.compile("^(?:INSERT|REPLACE)\\s+(?:(?:LOW_PRIORITY|DELAYED|"
            + "HIGH_PRIORITY|IGNORE)\\s+)*INTO\\s+`((?:[^`]|``)+)`\\s*(VALUES\\s*)?\\($", Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE_TABLE = Pattern.compile("^CREATE\\s+(?:OR\\s+REPLACE\\s+)?TABLE\\s+"
            + "(?:IF\\s+NOT\\s+EXISTS\\s+)?`((?:[^`]|``)+)`\\s*\\($", Pattern.CASE_INSENSITIVE);
    /** Bytes that matter outside strings: quotes, parentheses, comment starts and ends. */
    private static final boolean[] SPECIAL = new boolean[256];

    static {
        for (char c : "'\"`()-/*".toCharArray()) {
            SPECIAL[c] = true;
        }
    }

    private static final byte[] DELIMITER_COMMAND = "DELIMITER".getBytes(StandardCharsets.US_ASCII);

    private static final int HEAD = 0;       // start of a statement: its first bytes are collected
    private static final int OTHER = 1;      // a statement that adds no rows: skipped to its delimiter
    private static final int INSERT_ROWS = 2; // an INSERT of a known table: tuples counted
    private static final int DELIMITER_LINE = 3; // the client's DELIMITER command, up to its newline

    private final Map<String, Long> rows = new LinkedHashMap<>();
    private byte[] delimiter = {';'};
    private int delimiterMatched;
    private int state = HEAD;
    private final byte[] head = new byte[HEAD_MAX];
    private int headLength;
    private int quote;          // 0, or the quote byte of the string / identifier we are in
    private boolean escaped;    // the previous byte was a backslash inside a string
    private boolean lineComment;
    private boolean blockComment;
    private int previous;       // previous byte outside strings (for --, /* and */)
    private int beforePrevious;
    private int depth;          // parentheses outside strings
    private String table;       // the INSERT's table
    private boolean values;     // the INSERT's VALUES keyword was passed
    private int valuesMatched;  // letters of VALUES matched so far (INSERT with a column list)
    private long tableRows;

    /** Feeds the next bytes of the dump. */
    public void update(byte[] data, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (quote == 0 && state == INSERT_ROWS && values && !lineComment && !blockComment && previous != '-'
                    && delimiterMatched == 0) {
                // most of a dump outside strings: numbers, hex literals, commas; nothing to do but pass them
                int start = i;
                int delimiterStart = delimiter[0];
                while (i < end && !SPECIAL[data[i] & 0xff] && data[i] != delimiterStart) {
                    i++;
                }
                if (i > start) {
                    beforePrevious = i - start > 1 ? data[i - 2] : previous;
                    previous = data[i - 1];
                }
                if (i == end) {
                    break;
                }
            }
            if (quote != 0 && state != HEAD) {
                // the bulk of a dump: string contents, scanned to the closing quote
                int q = quote;
                boolean escape = escaped;
                while (i < end) {
                    int c = data[i];
                    if (escape) {
                        escape = false;
                    } else if (c == q) {
                        quote = 0;
                        break;
                    } else if (c == '\\' && q != '`') {
                        escape = true;
                    }
                    i++;
                }
                escaped = escape;
                continue;
            }
            int b = data[i];
            if (quote != 0) {
                // a string in a statement's first bytes
                if (escaped) {
                    escaped = false;
                } else if (b == '\\' && quote != '`') {
                    escaped = true;
                } else if (b == quote) {
                    quote = 0;
                }
                if (state == HEAD) {
                    keep(b);
                }
                continue;
            }
            if (lineComment) {
                if (b == '\n') {
                    lineComment = false;
                    previous = 0;
                }
                continue;
            }
            if (blockComment) {
                if (b == '/' && previous == '*') {
                    blockComment = false;
                    previous = 0;
                } else {
                    previous = b;
                }
                continue;
            }
            if (b == '*' && previous == '/') {
                blockComment = true;
                previous = 0;
                unkeep(1);
                continue;
            }
            if (previous == '-' && beforePrevious == '-' && (b == ' ' || b == '\t' || b == '\n' || b == '\r')) {
                lineComment = b != '\n';
                previous = 0;
                unkeep(2);
                continue;
            }
            beforePrevious = previous;
            previous = b;
            if (state == DELIMITER_LINE) {
                if (b == '\n') {
                    setDelimiter();
                } else {
                    keep(b);
                }
                continue;
            }
            if (b == delimiter[delimiterMatched]) {
                if (++delimiterMatched == delimiter.length) {
                    endStatement();
                }
                continue;
            }
            delimiterMatched = b == delimiter[0] ? 1 : 0;
            switch (b) {
                case '\'', '"', '`' -> quote = b;
                case '(' -> {
                    if (depth == 0 && state == INSERT_ROWS && values) {
                        tableRows++;
                    }
                    depth++;
                }
                case ')' -> depth--;
                default -> {
                    if (state == INSERT_ROWS && !values && depth == 0) {
                        matchValues(b);
                    }
                }
            }
            if (state == HEAD) {
                head(b);
            }
        }
    }

    /** The rows counted per table, in the dump's order; call once the dump has ended. */
    public Map<String, Long> rows() {
        if (state == INSERT_ROWS) {
            // a last statement without its delimiter runs all the same
            endStatement();
        }
        return Map.copyOf(rows);
    }

    private void head(int b) {
        if (headLength == 0 && (b == ' ' || b == '\t' || b == '\n' || b == '\r')) {
            return;
        }
        keep(b);
        if (headLength == DELIMITER_COMMAND.length + 1 && isDelimiterCommand()) {
            state = DELIMITER_LINE;
            headLength = 0;
            return;
        }
        if (b == '(' && depth == 1) {
            decide();
        } else if (headLength == HEAD_MAX) {
            state = OTHER;
        }
    }

    private void decide() {
        String text = new String(head, 0, headLength, StandardCharsets.UTF_8);
        Matcher insert = INSERT.matcher(text);
        if (insert.matches()) {
            state = INSERT_ROWS;
            table = insert.group(1).replace("``", "`");
            values = insert.group(2) != null;
            tableRows = values ? 1 : 0;
            valuesMatched = 0;
            return;
        }
        Matcher create = CREATE_TABLE.matcher(text);
        if (create.matches()) {
            rows.putIfAbsent(create.group(1).replace("``", "`"), 0L);
        }
        state = OTHER;
    }

    private boolean isDelimiterCommand() {
        for (int i = 0; i < DELIMITER_COMMAND.length; i++) {
            if ((head[i] & 0xdf) != DELIMITER_COMMAND[i]) {
                return false;
            }
        }
        int after = head[DELIMITER_COMMAND.length];
        return after == ' ' || after == '\t';
    }

    private void setDelimiter() {
        String text = new String(head, 0, headLength, StandardCharsets.UTF_8).trim();
        if (!text.isEmpty()) {
            delimiter = text.getBytes(StandardCharsets.UTF_8);
        }
        reset();
    }

    private void matchValues(int b) {
        int upper = b & 0xdf;
        if (upper == "VALUES".charAt(valuesMatched)) {
            if (++valuesMatched == 6) {
                values = true;
            }
        } else {
            valuesMatched = upper == 'V' ? 1 : 0;
        }
    }

    private void endStatement() {
        if (state == INSERT_ROWS) {
            rows.merge(table, tableRows, Long::sum);
        } else if (state == HEAD && headLength > 0) {
            decide(); // a statement that ended before any '(' adds no rows
        }
        reset();
    }

    private void reset() {
        state = HEAD;
        headLength = 0;
        depth = 0;
        delimiterMatched = 0;
        table = null;
        values = false;
        tableRows = 0;
    }

    private void keep(int b) {
        if (state == HEAD || state == DELIMITER_LINE) {
            if (headLength < HEAD_MAX) {
                head[headLength++] = (byte) b;
            } else {
                state = state == HEAD ? OTHER : state;
            }
        }
    }

    private void unkeep(int n) {
        if (state == HEAD || state == DELIMITER_LINE) {
            headLength = Math.max(0, headLength - n);
        }
    }
}
