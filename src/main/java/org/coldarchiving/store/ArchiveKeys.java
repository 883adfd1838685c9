package org.coldarchiving.store;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import org.coldarchiving.run.ArchiveTarget;
import org.coldarchiving.run.RunIds;

/**
 * Object keys of archives:
 * {@code <prefix><engine>/<instance-id>/<database>/<yyyy>/<MM>/<dd>/<database>-<RunId compact>.<ext>}, and
 * for the instance archive (roles, users, grants)
 * {@code <prefix><engine>/<instance-id>/@instance/<yyyy>/<MM>/<dd>/<instance-id>-<RunId compact>.<ext>}.
 * Names are percent-encoded outside {@code [A-Za-z0-9._-]}, so no name can add a '/' or a '..' segment, and
 * no database's segment can be {@value #INSTANCE_SEGMENT} (a database named so is {@code %40instance}).
 */
public class ArchiveKeys {

    /** The key segment of instance archives, where a database's name would be. */
    public static final String INSTANCE_SEGMENT = "@instance";

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

    /**
     * The key of a database's archive in one run, up to its extension; with {@code databaseName} null, the
     * instance archive's.
     */
    public String runPrefix(String engine, String instanceId, String databaseName, String runId) {
        LocalDate day = OffsetDateTime.parse(runId).toLocalDate();
        String instance = segment(instanceId);
        String folder = databaseName == null ? INSTANCE_SEGMENT : segment(databaseName);
        String file = databaseName == null ? instance : folder;
        return prefix + engine + "/" + instance + "/" + folder + "/"
                + String.format("%04d/%02d/%02d", day.getYear(), day.getMonthValue(), day.getDayOfMonth())
                + "/" + file + "-" + RunIds.compact(runId);
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
