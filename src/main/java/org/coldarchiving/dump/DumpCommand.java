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
 * @param info        what the dump is (format, tool version, history coverage)
 */
public record DumpCommand(List<String> argv, Map<String, String> environment, DumpInfo info) {

    public String tool() {
        return argv.get(0);
    }

    @Override
    public String toString() {
        return "DumpCommand" + argv + " env=" + environment.keySet();
    }
}
