package dev.pep.bench;

import java.time.Instant;
import java.util.List;

/**
 * Everything one bench measured, warm-up runs included (run 0).
 *
 * @param warmups warm-up rounds before the measured ones
 * @param events rows every contender but the baseline sent
 * @param baselineEvents rows the baseline sent
 * @param meanPayloadBytes mean JSON value size
 * @param contenders in the plan's order: our profiles, then the peers
 */
public record BenchResults(
    Instant started,
    double seconds,
    String input,
    long events,
    long rejected,
    long baselineEvents,
    double meanPayloadBytes,
    int warmups,
    int runs,
    int partitions,
    Machine machine,
    List<Contender> contenders,
    List<RunResult> results) {

  public BenchResults {
    contenders = List.copyOf(contenders);
    results = List.copyOf(results);
  }

  /** The measured (not warm-up) runs of {@code c}. */
  public List<RunResult> measured(Contender c) {
    return results.stream().filter(r -> r.contender().equals(c) && r.run() > 0).toList();
  }
}
