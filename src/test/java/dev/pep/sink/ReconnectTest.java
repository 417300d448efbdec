package dev.pep.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pep.config.PepException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reconnect the dialect refuses for a reason of its own (DuckDB: the file is held by another
 * process) is a {@link SinkException} that passes, so the consumer retries it as it retries a
 * PostgreSQL connection refused; before issue 12 it left the run as a bare PepException.
 */
class ReconnectTest {
  @TempDir Path tmp;

  private final AtomicReference<RuntimeException> refuseConnect = new AtomicReference<>();

  @Test
  void aRefusedDuckDbReconnectIsASinkExceptionThatPassesAndTheSinkRecoversAfterIt() {
    DuckDbDialect duckdb = new DuckDbDialect(tmp.resolve("events.duckdb"));
    try (JdbcSink sink = new JdbcSink(refusable(duckdb), "purchase_events", "pep_offsets")) {
      sink.close(); // the session is gone: the next call reconnects
      refuseConnect.set(new PepException("The DuckDB file is in use by another process"));

      assertThatThrownBy(() -> sink.storedOffsets("g", "t"))
          .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.willNotPass()).isFalse())
          .hasMessage(
              "Cannot reconnect to "
                  + duckdb.describe()
                  + ": The DuckDB file is in use by another process");
      assertThatThrownBy(() -> sink.write("g", "t", 0, -1, 5, List.of()))
          .isInstanceOf(SinkException.class)
          .hasMessageStartingWith("Cannot reconnect to " + duckdb.describe());

      refuseConnect.set(null);
      assertThat(sink.write("g", "t", 0, -1, 5, List.of())).isEqualTo(new Sink.WriteResult(0, 0));
      assertThat(sink.storedOffsets("g", "t")).containsEntry(0, 5L);
    }
  }

  /** {@code real}, except that connect() throws what {@link #refuseConnect} holds. */
  private Dialect refusable(Dialect real) {
    return (Dialect)
        Proxy.newProxyInstance(
            Dialect.class.getClassLoader(),
            new Class<?>[] {Dialect.class},
            (proxy, method, args) -> {
              RuntimeException refusal = refuseConnect.get();
              if (method.getName().equals("connect") && refusal != null) {
                throw refusal;
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
