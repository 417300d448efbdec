package dev.pep.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.config.OnBadRow;
import dev.pep.config.PipelineConfig;
import dev.pep.config.RejectLimit;
import dev.pep.event.Reject;
import dev.pep.event.RejectsFile;
import dev.pep.event.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProduceCountsTest {
  @TempDir Path dir;

  private PipelineConfig config() {
    return TestConfigs.of(
        dir, "127.0.0.1:1", "t", dir.resolve("in.csv"), dir.resolve("rejects.csv"));
  }

  private static Checkpoint checkpoint(long line, long events, long rejected) {
    return new Checkpoint("/in.csv", 1, "h", line, events, rejected, false, null);
  }

  private static List<Reject> rejects(int n) {
    List<Reject> r = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      r.add(new Reject(new SourcePosition("in.csv", i + 2), "Quantity", "x", "bad", List.of()));
    }
    return r;
  }

  @Test
  void rowsCommittedByThisRunsEarlierAttemptCountAsSentNotSkipped() {
    // An earlier run committed 90 events up to line 100 (10 rows rejected); this run's first
    // attempt committed 190 more up to line 300 (10 more rejected), then failed. The second
    // attempt reads the file from its start: 280 rows skipped, 20 rejected before line 300,
    // then 190 events sent and 10 rows rejected after it.
    Checkpoint before = checkpoint(100, 90, 10);
    Checkpoint from = checkpoint(300, 280, 20);
    try (RejectsFile file =
        new RejectsFile(dir.resolve("rejects.csv"), List.of("Quantity"), StandardCharsets.UTF_8)) {
      RejectPolicy policy = new RejectPolicy(OnBadRow.REJECT, RejectLimit.NONE, file);
      ProduceCounts counts = new ProduceCounts(config(), 3, System.nanoTime(), before, from);
      policy.write(rejects(30), 500, true);
      for (int i = 0; i < 190; i++) {
        counts.sentOne();
      }
      counts.handled(500, 280, 12_345);
      counts.committed();

      ProduceSummary s = counts.summary(policy, true, null);

      assertThat(s.rowsRead()).isEqualTo(500);
      assertThat(s.resumedAfterLine()).isEqualTo(100);
      assertThat(s.skipped()).isEqualTo(90);
      assertThat(s.sent()).isEqualTo(380);
      assertThat(s.committed()).isEqualTo(380);
      assertThat(s.rejected()).isEqualTo(30);
      assertThat(s.rowsRead()).isEqualTo(s.skipped() + s.sent() + s.rejected());
      assertThat(s.partitions()).isEqualTo(3);
      assertThat(s.file()).isEqualTo("in.csv");
      assertThat(s.complete()).isTrue();

      ProduceProgress p = counts.progress(100, policy.count(), 20_000);
      assertThat(p.rowsRead()).isEqualTo(500);
      assertThat(p.sent()).isEqualTo(280 + 190);
      assertThat(p.acknowledged()).isEqualTo(280 + 100);
      assertThat(p.bytesRead()).isEqualTo(12_345);
    }
  }

  @Test
  void aFileProducedCompletelyBeforeIsAlreadyDone() {
    Checkpoint done = new Checkpoint("/in.csv", 1, "h", 12, 5, 6, true, null);

    ProduceSummary s = ProduceCounts.alreadyDone(config(), 3, System.nanoTime(), done);

    assertThat(s.alreadyDone()).isTrue();
    assertThat(s.rowsRead()).isEqualTo(11);
    assertThat(s.skipped()).isEqualTo(5);
    assertThat(s.sent()).isZero();
    assertThat(s.rejected()).isEqualTo(6);
  }
}
