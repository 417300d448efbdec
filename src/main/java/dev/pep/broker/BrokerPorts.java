package dev.pep.broker;

import dev.pep.config.PepException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Local ports for the embedded broker: free ones to pick, and a check that a chosen one is. */
final class BrokerPorts {
  private static final Logger log = LoggerFactory.getLogger(BrokerPorts.class);

  private BrokerPorts() {}

  /**
   * {@code n} distinct free ports on 127.0.0.1. Held open together, so that two of them cannot be
   * the same port (seen: broker and controller both given one port, "two listeners on the same
   * port").
   */
  static int[] free(int n) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket();
        sockets.add(s);
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        ports[i] = s.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new PepException("No free local port for the embedded broker: " + e.getMessage(), e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException e) {
          log.debug("Closing a port probe failed", e);
        }
      }
    }
  }

  /** Fails, saying what to do, when {@code port} on 127.0.0.1 is taken. */
  static void requireFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", port));
    } catch (IOException e) {
      throw new PepException(
          "Port "
              + port
              + " on 127.0.0.1 is taken, so the embedded broker cannot start there. Stop what uses"
              + " it, set PEP_BROKER_PORT to another port (0 = any free one), or point"
              + " KAFKA_BOOTSTRAP_SERVERS at that cluster.");
    }
  }
}
