package dev.pep.broker;

import java.nio.file.Path;

/** A test fixture: a broker stopped and started again, as a restarted server comes back. */
public final class BrokerRestart {
  private BrokerRestart() {}

  /**
   * Stops {@code broker} (if it is running) and starts it again on the same data directory and
   * client port: clients reconnect to the same address and find their topics, groups and
   * transactions where the log left them. The controller listener, which no client sees, gets a new
   * port (the quorum's one voter is named in the configuration, not in the log).
   */
  public static EmbeddedBroker restart(EmbeddedBroker broker) {
    String bootstrap = broker.bootstrapServers();
    int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    Path dataDir = broker.dataDir();
    broker.close();
    return EmbeddedBroker.start(dataDir, port);
  }
}
