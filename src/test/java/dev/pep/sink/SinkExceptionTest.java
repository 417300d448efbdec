package dev.pep.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SinkExceptionTest {
  private static SinkException withState(String state) {
    return new SinkException("failed", new SQLException("reason", state));
  }

  @Test
  void errorsThatTheSameWriteMeetsAgainWillNotPass() {
    assertThat(withState("42P01").willNotPass()).as("undefined table").isTrue();
    assertThat(withState("23514").willNotPass()).as("check violation").isTrue();
    assertThat(withState("22003").willNotPass()).as("numeric out of range").isTrue();
    assertThat(withState("28P01").willNotPass()).as("wrong password").isTrue();
    assertThat(withState("3D000").willNotPass()).as("no such database").isTrue();
  }

  @Test
  void connectionLossRestartsDeadlocksAndFullDisksArePassing() {
    assertThat(withState("08006").willNotPass()).as("connection failure").isFalse();
    assertThat(withState("57P01").willNotPass()).as("admin shutdown").isFalse();
    assertThat(withState("40P01").willNotPass()).as("deadlock").isFalse();
    assertThat(withState("53100").willNotPass()).as("disk full").isFalse();
    assertThat(new SinkException("x", new SQLException("no state")).willNotPass()).isFalse();
    assertThat(new SinkException("x", new IOException("reset")).willNotPass()).isFalse();
  }

  @Test
  void duckDbsFullDiskWillNotPassAndReadsAsDiskFull() {
    SinkException e =
        new SinkException(
            "Writing 50000 events to duckdb /d/events.duckdb failed",
            new SQLException(
                "TransactionContext Error: Failed to commit: Could not write file"
                    + " \"/d/events.duckdb.wal\": No space left on device"));
    assertThat(e.sqlState()).isEqualTo("53100");
    assertThat(e.willNotPass()).isTrue();
    SinkException postgres =
        new SinkException(
            "x", new SQLException("could not extend file: No space left on device", "53100"));
    assertThat(postgres.willNotPass()).as("a server's full disk is waited for").isFalse();
  }

  @Test
  void theStateIsFoundBehindWrappers() {
    SinkException e =
        new SinkException("outer", new RuntimeException(new SQLException("inner", "42703")));
    assertThat(e.sqlState()).isEqualTo("42703");
    assertThat(e.willNotPass()).isTrue();
  }
}
