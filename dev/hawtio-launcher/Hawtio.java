// Hawtio 4.2.0 (the war) in an embedded Jetty 12, bound to loopback only; started by dev/hawtio with
// java's single-file source launcher. Arguments: the war, the port.
import java.net.InetSocketAddress;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;

public class Hawtio {
    public static void main(String... args) throws Exception {
        Server server = new Server(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])));
        WebAppContext hawtio = new WebAppContext(args[0], "/hawtio");
        hawtio.setThrowUnavailableOnStartupException(true);
        server.setHandler(hawtio);
        server.start();
        System.out.println("Hawtio is at http://127.0.0.1:" + args[1] + "/hawtio/");
        server.join();
    }
}
