package dev.pep.bench;

import dev.pep.config.PipelineConfig;
import dev.pep.config.Profile;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code pep bench} measures, validated up front.
 *
 * @param config the pipeline's configuration; its bootstrap servers name the broker to use and its
 *     CSV file is the input
 * @param rows rows of the input to use, 0 for all
 * @param baselineRows rows the synchronous baseline sends (fewer: it waits for every ack)
 * @param warmups unmeasured warm-up rounds before the measured ones (the perf tool gets as many
 *     warm-up passes in its own JVM)
 * @param runs measured runs per contender, after the warm-up rounds
 * @param profiles our profiles to measure
 * @param peerProfiles the settings the peers are run with, one perf tool and one kcat run each
 * @param perfJvmOptions JVM options of ProducerPerformance's process
 * @param kcat kcat's command, or null to leave kcat out
 * @param workDir scratch space: the input copy and the payload file
 * @param logDir where the peers' output goes, one file per run
 */
public record BenchPlan(
    PipelineConfig config,
    long rows,
    long baselineRows,
    int warmups,
    int runs,
    List<Profile> profiles,
    List<Profile> peerProfiles,
    List<String> perfJvmOptions,
    String kcat,
    Path workDir,
    Path logDir) {

  public BenchPlan {
    profiles = List.copyOf(profiles);
    peerProfiles = List.copyOf(peerProfiles);
    perfJvmOptions = List.copyOf(perfJvmOptions);
    if (rows < 0 || baselineRows < 1 || runs < 1 || warmups < 0) {
      throw new IllegalArgumentException(
          "rows "
              + rows
              + ", baseline rows "
              + baselineRows
              + ", warm-ups "
              + warmups
              + ", runs "
              + runs);
    }
    if (profiles.isEmpty() && peerProfiles.isEmpty()) {
      throw new IllegalArgumentException("nothing to measure: no profile and no peer");
    }
  }

  /** This JVM's options, for the perf tool, so both Java producers run alike. */
  public static List<String> defaultPerfJvmOptions() {
    return Peers.thisJvmOptions();
  }
}
