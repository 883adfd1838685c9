package org.coldarchiving.fleet;

import java.net.InetAddress;
import java.util.UUID;

/**
 * This process as the journal names it: the {@code Owner} of the archives it runs. Host name, process id
 * and a random part, so two processes (or two tasks on one host) never share it.
 */
public final class Worker {

    public static final String ID = host() + ":" + ProcessHandle.current().pid() + ":"
            + UUID.randomUUID().toString().substring(0, 8);

    private Worker() {
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }
}
