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

    /**
     * The same pg_dump, dumping the snapshot another transaction exported ({@code pg_export_snapshot()}),
     * so that what it dumps is exactly what that transaction sees.
     */
    public DumpCommand withSnapshot(String snapshotId) {
        List<String> withSnapshot = new java.util.ArrayList<>(argv);
        withSnapshot.add(1, "--snapshot=" + snapshotId);
        return new DumpCommand(List.copyOf(withSnapshot), environment, info);
    }

    public String tool() {
        return argv.get(0);
    }

    @Override
    public String toString() {
        return "DumpCommand" + argv + " env=" + environment.keySet();
    }
}
