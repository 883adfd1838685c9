package org.coldarchiving.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of one local service, for fault tests: the application talks to a
 * service through it (e.g. {@code AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:<port>}) until the test
 * cuts it, which closes every open connection and refuses new ones, as an unreachable service does; or
 * it resets a few connections, as a passing network fault does.
 */
public final class CuttableProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean cut;
    private final AtomicInteger dropNext = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();

    public CuttableProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void accept() {
        while (!cut) {
            try {
                Socket client = server.accept();
                if (dropNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    client.setSoLinger(true, 0);
                    client.close(); // a connection reset, as a flaky network or an overloaded endpoint gives
                    resets.incrementAndGet();
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                return; // cut
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // connection closed or cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    /** The next {@code connections} connections are reset as soon as they open: a transient fault. */
    public void resetNext(int connections) {
        dropNext.set(connections);
    }

    /** How many connections were reset so far. */
    public int resets() {
        return resets.get();
    }

    /** From now on the service is unreachable: open connections drop, new ones are refused. */
    public void cut() {
        cut = true;
        closeQuietly(server);
        sockets.forEach(CuttableProxy::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
    }
}
