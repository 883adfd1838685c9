package org.coldarchiving.dump;

import java.util.List;
import java.util.Map;

/**
 * How the database tools (dump and restore clients) are started: their argument vector run directly
 * (never a shell), with a minimal environment (no AWS credentials of ours, the password only in the
 * variable the tool reads, UTC, UTF-8).
 */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    public static ProcessBuilder builder(List<String> argv, Map<String, String> extraEnvironment) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        Map<String, String> env = builder.environment();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("LANG", "C.UTF-8");
        env.put("TZ", "UTC");
        env.putAll(extraEnvironment);
        return builder;
    }
}
