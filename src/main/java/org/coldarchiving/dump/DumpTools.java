package org.coldarchiving.dump;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Asks each dump tool for its version ({@code --version}) and options ({@code --help}) once, and remembers. */
public class DumpTools {

    private static final Pattern PG_VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");
    private final Map<String, String> versions = new ConcurrentHashMap<>();
    private final Map<String, String> helps = new ConcurrentHashMap<>();

    /** The tool's version line, e.g. {@code pg_dump (PostgreSQL) 15.18}. */
    public String version(String tool) {
        return versions.computeIfAbsent(tool, t -> ask(t, "--version").lines().findFirst().orElse(""));
    }

    /** True when the tool's {@code --help} lists the option, e.g. {@code --dump-history}. */
    public boolean hasOption(String tool, String option) {
        return helps.computeIfAbsent(tool, t -> ask(t, "--help")).contains(option);
    }

    /** The major version of a pg_dump, from its version line ({@code pg_dump (PostgreSQL) 15.18 ...}). */
    public int postgresMajor(String tool) {
        Matcher m = PG_VERSION.matcher(version(tool));
        if (!m.find()) {
            throw new IllegalStateException("'" + tool + "' does not look like pg_dump: " + version(tool));
        }
        return Integer.parseInt(m.group(1));
    }

    /** True when the tool is MariaDB's client (whose TLS flags differ from MySQL's). */
    public boolean isMariaDbClient(String tool) {
        return version(tool).contains("MariaDB");
    }

    private static String ask(String tool, String option) {
        try {
            Process process = new ProcessBuilder(tool, option).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String out;
            try (InputStream in = process.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("Dump tool '" + tool + "' did not answer " + option + ": "
                        + out.lines().limit(5).toList());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("Dump tool '" + tool + "' cannot be run (" + e.getMessage()
                    + "): install it or set its archive.dump.*-command property to its path", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking " + tool + " for its version", e);
        }
    }
}
