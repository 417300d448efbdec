package dev.pep.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A test fixture: the embedded broker with a second listener, {@code SASL_PLAINTEXT}, for clients
 * that authenticate with SCRAM-SHA-256, SCRAM-SHA-512 or PLAIN, each with the given users. SCRAM
 * credentials are written into the cluster's metadata when the storage is formatted (as {@code
 * kafka-storage.sh format --add-scram} does), so they exist from the first start. {@code PLAINTEXT}
 * stays the inter-broker listener. For tests of client security, not a hardened setup.
 */
public final class SaslBroker implements AutoCloseable {
  private static final List<String> SCRAM = List.of("SCRAM-SHA-256", "SCRAM-SHA-512");

  private final EmbeddedBroker broker;
  private final String saslBootstrapServers;

  private SaslBroker(EmbeddedBroker broker, int saslPort) {
    this.broker = broker;
    this.saslBootstrapServers = "127.0.0.1:" + saslPort;
  }

  /**
   * Starts a broker in {@code dataDir} on free ports with a SASL listener for {@code users} (user
   * name to password; letters, digits, '.', '_', '-' and, in passwords, '!').
   */
  public static SaslBroker start(Path dataDir, Map<String, String> users) {
    Map<String, String> u = Map.copyOf(users);
    if (u.isEmpty()) {
      throw new IllegalArgumentException("a SASL listener needs at least one user");
    }
    u.forEach(
        (name, pw) -> {
          // They go into JAAS text and StorageTool arguments unquoted.
          if (!name.matches("[A-Za-z0-9._-]+") || !pw.matches("[A-Za-z0-9._!-]+")) {
            throw new IllegalArgumentException(
                "user names and passwords of the SASL broker: letters, digits, . _ - (and !)");
          }
        });
    int port = freePort();
    EmbeddedBroker broker = EmbeddedBroker.start(dataDir, 0, new Listener(port, u));
    return new SaslBroker(broker, port);
  }

  /** host:port of the PLAINTEXT listener. */
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** host:port of the SASL_PLAINTEXT listener. */
  public String saslBootstrapServers() {
    return saslBootstrapServers;
  }

  @Override
  public void close() {
    broker.close();
  }

  private record Listener(int port, Map<String, String> users) implements EmbeddedBroker.Extension {
    @Override
    public void serverProperties(Properties p) {
      String address = "SASL_PLAINTEXT://127.0.0.1:" + port;
      p.put("listeners", p.getProperty("listeners") + "," + address);
      p.put("advertised.listeners", p.getProperty("advertised.listeners") + "," + address);
      p.put(
          "listener.security.protocol.map",
          p.getProperty("listener.security.protocol.map") + ",SASL_PLAINTEXT:SASL_PLAINTEXT");
      String listener = "listener.name.sasl_plaintext.";
      p.put(listener + "sasl.enabled.mechanisms", String.join(",", SCRAM) + ",PLAIN");
      for (String mechanism : SCRAM) {
        p.put(
            listener + mechanism.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required;");
      }
      StringBuilder plain =
          new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
      users.forEach(
          (u, pw) -> plain.append(" user_").append(u).append("=\"").append(pw).append('"'));
      p.put(listener + "plain.sasl.jaas.config", plain.append(';').toString());
    }

    @Override
    public List<String> scramCredentials() {
      List<String> args = new ArrayList<>();
      for (String mechanism : SCRAM) {
        users.forEach((u, pw) -> args.add(mechanism + "=[name=" + u + ",password=" + pw + "]"));
      }
      return args;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
