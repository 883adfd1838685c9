package org.coldarchiving.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.coldarchiving.Application;

/** The application started as its own process, in one-shot mode, the way a scheduled ECS task runs it. */
public final class ApplicationProcess {

    private ApplicationProcess() {
    }

    /** Runs one cycle and returns the exit code; the output goes to {@code log}. */
    public static int runOnce(Path log, Map<String, String> env, String... jvmOptions) throws Exception {
        Process process = start(log, env, jvmOptions);
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("one-shot run did not end in 10 minutes: " + tail(log));
        }
        return process.exitValue();
    }

    /** Starts one cycle and returns the running process; the output goes to {@code log}. */
    public static Process start(Path log, Map<String, String> env, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Application.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(new File("."));
        builder.environment().put("ARCHIVE_ONCE", "true");
        builder.environment().put("CAMEL_MANAGEMENT_ENABLED", "false");
        builder.environment().putAll(env);
        return builder.start();
    }

    /** The last 60 lines of a log, for assertion messages. */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (Exception e) {
            return e.toString();
        }
    }
}
