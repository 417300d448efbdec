package dev.pep.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint of a running command (the JDK's {@code com.sun.net.httpserver}): {@code
 * /metrics} the Prometheus exposition of {@link PepMetrics} (text format, or OpenMetrics when the
 * scraper asks for it), {@code /live} 200 while the process runs, {@code /ready} 200 or 503 with a
 * one-line reason ({@link PepMetrics#readiness}). Serves on one daemon thread; {@link #close} stops
 * it.
 */
public final class MetricsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

  private final HttpServer server;
  private final ExecutorService thread;

  private MetricsServer(HttpServer server, ExecutorService thread) {
    this.server = server;
    this.thread = thread;
  }

  /**
   * Starts serving {@code metrics} on {@code port} of every interface (0: any free port).
   *
   * @throws UncheckedIOException the port cannot be bound
   */
  public static MetricsServer start(int port, PepMetrics metrics) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/metrics",
        exchange -> {
          ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
          String type = metrics.scrape(body, exchange.getRequestHeaders().getFirst("Accept"));
          send(exchange, 200, type, body.toByteArray());
        });
    server.createContext(
        "/live", exchange -> send(exchange, 200, "text/plain; charset=utf-8", bytes("live")));
    server.createContext(
        "/ready",
        exchange -> {
          PepMetrics.Readiness r = metrics.readiness();
          send(
              exchange,
              r.ready() ? 200 : 503,
              "text/plain; charset=utf-8",
              bytes((r.ready() ? "ready: " : "not ready: ") + r.reason()));
        });
    ExecutorService thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "pep-metrics-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(thread);
    server.start();
    log.info("Serving /metrics, /live and /ready on port {}", server.getAddress().getPort());
    return new MetricsServer(server, thread);
  }

  /** The port the endpoint listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static byte[] bytes(String line) {
    return (line + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", type);
      if (exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    thread.shutdownNow();
  }
}
