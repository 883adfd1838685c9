package org.coldarchiving.support;

import java.io.StringWriter;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;

/**
 * Every log line (with stack traces) written while it is open, for tests that look for a leaked secret:
 * as text (the pattern layout) and as JSON (the layout of {@code archive.log-format=json}).
 */
public final class CapturedLogs implements AutoCloseable {

    private final StringWriter lines = new StringWriter();
    private final StringWriter jsonLines = new StringWriter();
    private final WriterAppender appender;
    private final WriterAppender jsonAppender;
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);

    public CapturedLogs() {
        Configuration config = context.getConfiguration();
        appender = WriterAppender.newBuilder().setName("captured-" + System.nanoTime()).setTarget(lines)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c - %m%n%throwable").build()).build();
        appender.start();
        config.getRootLogger().addAppender(appender, org.apache.logging.log4j.Level.ALL, null);
        jsonAppender = WriterAppender.newBuilder().setName("captured-json-" + System.nanoTime()).setTarget(jsonLines)
                .setLayout(JsonTemplateLayout.newBuilder().setConfiguration(config)
                        .setEventTemplateUri("classpath:cold-archiving-log.json").build()).build();
        jsonAppender.start();
        config.getRootLogger().addAppender(jsonAppender, org.apache.logging.log4j.Level.ALL, null);
        context.updateLoggers();
    }

    public String text() {
        return lines.toString();
    }

    /** The same lines as JSON, one object per line. */
    public String json() {
        return jsonLines.toString();
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.getConfiguration().getRootLogger().removeAppender(jsonAppender.getName());
        context.updateLoggers();
        appender.stop();
        jsonAppender.stop();
    }
}
