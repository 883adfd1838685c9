package org.coldarchiving.dump;

import java.util.List;
import java.util.Map;

/**
 * A dump tool invocation: argument vector (run directly, never through a shell) and the extra
 * environment of the child process, which carries the password. {@link #toString()} shows the
 * environment's names only.
 *
 * @param argv        program and arguments
 * @param environment variables added to the child's minimal environment
 * @param format      what the tool writes: {@code pgdump} (pg_dump custom format) or {@code sql}
 * @param toolVersion the tool's own {@code --version} line
 * @param history     whether the dump holds the history of system-versioned tables, and if not, why
 */
public record DumpCommand(List<String> argv, Map<String, String> environment, String format, String toolVersion,
        HistoryCoverage history) {

    public String tool() {
        return argv.get(0);
    }

    @Override
    public String toString() {
        return "DumpCommand" + argv + " env=" + environment.keySet();
    }
}
