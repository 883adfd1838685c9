package org.coldarchiving.store;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import org.coldarchiving.run.ArchiveTarget;
import org.coldarchiving.run.RunIds;

/**
 * Object keys of archives:
 * {@code <prefix><engine>/<instance-id>/<database>/<yyyy>/<MM>/<dd>/<database>-<RunId compact>.<ext>}.
 * Names are percent-encoded outside {@code [A-Za-z0-9._-]}, so no name can add a '/' or a '..' segment.
 */
public class ArchiveKeys {

    private String prefix;

    public void setPrefix(String prefix) {
        String p = prefix == null ? "" : prefix.trim();
        if (p.startsWith("/") || p.contains("..") || p.contains("//")) {
            throw new IllegalArgumentException("archive.prefix=" + prefix
                    + " is not valid: use a relative key prefix such as 'archives/' (no leading '/', no '..')");
        }
        this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }

    public String key(ArchiveTarget target, String format, Compression compression) {
        return runPrefix(target.instance().engine().id(), target.instance().instanceId(), target.database(),
                target.runId()) + "." + format + compression.extension();
    }

    /** The key of a database's archive in one run, up to its extension. */
    public String runPrefix(String engine, String instanceId, String databaseName, String runId) {
        LocalDate day = OffsetDateTime.parse(runId).toLocalDate();
        String database = segment(databaseName);
        return prefix + engine + "/" + segment(instanceId) + "/" + database + "/"
                + String.format("%04d/%02d/%02d", day.getYear(), day.getMonthValue(), day.getDayOfMonth())
                + "/" + database + "-" + RunIds.compact(runId);
    }

    /** A single key segment: safe characters kept, everything else (and a lone '.' or '..') percent-encoded. */
    public static String segment(String name) {
        StringBuilder out = new StringBuilder();
        boolean onlyDots = name.chars().allMatch(c -> c == '.');
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || (c == '.' && !onlyDots);
            if (safe) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
