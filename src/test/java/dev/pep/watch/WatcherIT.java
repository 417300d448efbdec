package dev.pep.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.Fixtures;
import dev.pep.broker.EmbeddedBroker;
import dev.pep.config.ConfigLoader;
import dev.pep.config.PipelineConfig;
import dev.pep.config.ResolvedConfig;
import dev.pep.csv.CsvLayout;
import dev.pep.faults.Oracle;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Watcher} in-process against a real embedded broker, for what the process-level {@code
 * WatchDirectoryIT} does not cover: a file over the reject limit goes to {@code error/} with no row
 * in the topic, while a good file beside it lands once; {@code keep} leaves a file in place and a
 * restarted watcher does not send it again; {@code delete} deletes it. Topic contents are checked
 * with the oracle's read_committed dump and event ids computed from the files by the test.
 */
class WatcherIT {
  @TempDir static Path tmp;
  private static EmbeddedBroker broker;

  @BeforeAll
  static void start() {
    broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0);
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  private record Setup(PipelineConfig config, ResolvedConfig resolved, Path dir) {}

  private static Setup setup(String name, Map<String, String> settings) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Map<String, String> flags = new HashMap<>(settings);
    flags.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    flags.put("KAFKA_TOPIC", name);
    flags.put("PEP_WATCH_MIN_AGE_MS", "200");
    flags.put("PEP_WATCH_POLL_MS", "50");
    flags.put("PEP_COMMIT_INTERVAL_MS", "100");
    ResolvedConfig resolved =
        ConfigLoader.load(new ConfigLoader.Sources(null, tmp, Map.of(), flags));
    PipelineConfig config = resolved.toPipelineConfig();
    Topics.ensure(KafkaClients.of(config), name, 3);
    return new Setup(config, resolved, dir);
  }

  /** Runs a watcher until {@code n} files ended; returns their outcomes. */
  private static List<FileOutcome> watch(Setup s, int n) throws Exception {
    List<FileOutcome> ended = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    Watcher w =
        new Watcher(
            s.config(),
            3,
            s.resolved().toWatchConfig(),
            s.dir(),
            new WatchListener() {
              @Override
              public void started(Path file, CsvLayout layout) {}

              @Override
              public void ended(FileOutcome outcome) {
                ended.add(outcome);
              }

              @Override
              public void idle(WatchCounts counts, int waiting) {}
            });
    Thread t =
        new Thread(
            () -> {
              try {
                w.run(stop::get);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    t.start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (ended.size() < n && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    stop.set(true);
    t.join();
    assertThat(ended).as("files ended").hasSize(n);
    assertThat(w.counts().filesInProgress()).isZero();
    return new ArrayList<>(ended);
  }

  private static FileOutcome of(List<FileOutcome> outcomes, String file) {
    return outcomes.stream().filter(o -> o.file().equals(file)).findFirst().orElseThrow();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aFileOverTheRejectLimitGoesToErrorWithNoRowInTheTopic() throws Exception {
    Setup s = setup("limit", Map.of("PEP_MAX_REJECTS", "10"));
    Path sample = Fixtures.sample();
    Path good = Files.copy(sample, s.dir().resolve("good.csv"));
    // The sample with its last 11 rows' Quantity made text: 11 rejects, more than 10.
    List<String> lines = Files.readAllLines(sample, StandardCharsets.ISO_8859_1);
    for (int i = lines.size() - 11; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",", -1);
      assertThat(f).as("a row without quoted commas").hasSize(8);
      f[3] = "many";
      lines.set(i, String.join(",", f));
    }
    Files.write(s.dir().resolve("bad.csv"), lines, StandardCharsets.ISO_8859_1);

    List<FileOutcome> outcomes = watch(s, 2);

    assertThat(of(outcomes, "bad.csv").result()).isEqualTo(FileOutcome.Result.ERROR);
    assertThat(s.dir().resolve("error/bad.csv")).exists();
    assertThat(Files.readString(s.dir().resolve("error/bad.csv.error.txt")))
        .startsWith("11 rejects in the first 1,071 rows, more than PEP_MAX_REJECTS=10 allows")
        .contains("line 1062, column Quantity: 'many'");
    assertThat(of(outcomes, "good.csv").result()).isEqualTo(FileOutcome.Result.FINISHED);
    Path finished = s.dir().resolve("finished/good.csv");
    assertThat(finished).exists();
    Files.copy(finished, good); // the oracle's ids hash the file under its name
    Oracle.assertTopicExactlyOnce(
        "limit", Oracle.dumpSettled(broker.bootstrapServers(), "limit"), Oracle.expectedIds(good));
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void keepLeavesTheFileAndARestartedWatcherDoesNotSendItAgain() throws Exception {
    Setup s = setup("keep", Map.of("PEP_WATCH_DONE", "keep"));
    Path file = Files.copy(Fixtures.sample(), s.dir().resolve("kept.csv"));

    FileOutcome first = watch(s, 1).get(0);
    FileOutcome second = watch(s, 1).get(0);

    assertThat(first.result()).isEqualTo(FileOutcome.Result.FINISHED);
    assertThat(first.committed()).isEqualTo(1_071);
    assertThat(first.where()).isEqualTo(file);
    assertThat(second.result()).isEqualTo(FileOutcome.Result.ALREADY_DONE);
    assertThat(second.committed()).isZero();
    assertThat(second.skipped()).isEqualTo(1_071);
    assertThat(file).exists();
    Oracle.assertTopicExactlyOnce(
        "keep", Oracle.dumpSettled(broker.bootstrapServers(), "keep"), Oracle.expectedIds(file));
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void deleteRemovesTheFileOnceItsRowsAreCommitted() throws Exception {
    Setup s = setup("delete", Map.of("PEP_WATCH_DONE", "delete"));
    Path file = Files.copy(Fixtures.sample(), s.dir().resolve("deleted.csv"));
    Path copy =
        Files.copy(
            file, Files.createDirectories(tmp.resolve("delete-copy")).resolve("deleted.csv"));

    FileOutcome o = watch(s, 1).get(0);

    assertThat(o.result()).isEqualTo(FileOutcome.Result.FINISHED);
    assertThat(o.where()).isNull();
    assertThat(file).doesNotExist();
    Oracle.assertTopicExactlyOnce(
        "delete",
        Oracle.dumpSettled(broker.bootstrapServers(), "delete"),
        Oracle.expectedIds(copy));
  }
}
