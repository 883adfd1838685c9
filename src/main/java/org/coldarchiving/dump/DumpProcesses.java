package org.coldarchiving.dump;

import java.io.File;
import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a dump tool as a child process with a minimal environment (no AWS credentials of ours, the
 * password only in the variable the tool reads) and hands back its live output as a {@link DumpStream}.
 */
public class DumpProcesses {

    private static final Logger LOG = LoggerFactory.getLogger(DumpProcesses.class);

    public DumpStream start(DumpCommand command) throws IOException {
        ProcessBuilder builder = ChildProcesses.builder(command.argv(), command.environment())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        LOG.debug("Starting {}", command);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("Dump tool '" + command.tool() + "' cannot be started (" + e.getMessage()
                    + "): install it or set its archive.dump.*-command property", e);
        }
        return new DumpStream(process, new ErrorTail(process.getErrorStream(), command.tool()), command.tool());
    }
}
