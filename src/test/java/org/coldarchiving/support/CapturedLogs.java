package org.coldarchiving.support;

import java.io.StringWriter;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Every log line (with stack traces) written while it is open, for tests that look for a leaked secret. */
public final class CapturedLogs implements AutoCloseable {

    private final StringWriter lines = new StringWriter();
    private final WriterAppender appender;
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);

    public CapturedLogs() {
        Configuration config = context.getConfiguration();
        appender = WriterAppender.newBuilder().setName("captured-" + System.nanoTime()).setTarget(lines)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c - %m%n%throwable").build()).build();
        appender.start();
        config.getRootLogger().addAppender(appender, org.apache.logging.log4j.Level.ALL, null);
        context.updateLoggers();
    }

    public String text() {
        return lines.toString();
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
