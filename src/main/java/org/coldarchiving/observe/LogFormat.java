package org.coldarchiving.observe;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * {@code archive.log-format}: {@code text} (one line per event) or {@code json} (one JSON object per
 * line, for CloudWatch Logs Insights). log4j2.properties picks its appender from the system property
 * {@code archive.log-format}, else the environment variable {@code ARCHIVE_LOG_FORMAT}; this bean sets
 * the property from the setting and reloads the logging configuration when the format changes.
 */
public class LogFormat {

    private static final String PROPERTY = "archive.log-format";
    private String format;

    public void setFormat(String format) {
        this.format = format == null ? "" : format.trim();
    }

    public void apply() {
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException("archive.log-format=" + format + " is not a log format: use text or json");
        }
        String env = System.getenv("ARCHIVE_LOG_FORMAT");
        String current = System.getProperty(PROPERTY, env == null || env.isEmpty() ? "text" : env);
        if (!current.equals(format)) {
            System.setProperty(PROPERTY, format);
            ((LoggerContext) LogManager.getContext(false)).reconfigure();
        }
    }
}
