package dev.pep.faults;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.pep.Fixtures;
import dev.pep.broker.EmbeddedBroker;
import dev.pep.consumer.ConsumeProcess;
import dev.pep.consumer.Postgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pep watch} as a separate process over a directory that files are dropped into while it
 * runs: slices of every real file in ../shared/data as CSV, gzip, Excel "Unicode text" (UTF-16LE,
 * tabs) and TSV, a file copied in slowly under its final name, one renamed from {@code .part}, one
 * whose rows an earlier {@code pep produce} committed completely (as if the watcher died between
 * the last commit and the move), a file with a wrong header and an empty one; hidden and temporary
 * files that must stay untouched. The process is SIGKILLed {@value #KILLS} times, each time while a
 * file is in progress (its "Started" line printed, its end not), and restarted.
 *
 * <p>At the end every good file is in {@code finished/}, the bad ones in {@code error/} with the
 * reason, and the {@link Oracle} holds: the PostgreSQL sink has exactly the event ids of the good
 * files' rows (computed by the test from the files it dropped: identity from the dropped bytes,
 * lines and quantities from its own parse of the content), once each; its offsets equal the topic's
 * end; a read_committed dump of the topic holds each id once; and sum(quantity) equals the test's
 * own sum. {@code -Dpep.faults.long=true}: larger slices and more kills; {@code
 * -Dpep.faults.seed=N} replays the kill points.
 */
class WatchDirectoryIT {
  private static final boolean LONG = Boolean.getBoolean("pep.faults.long");
  private static final int KILLS = LONG ? 6 : 3;
  private static final int SCALE = LONG ? 10 : 1;
  private static final String V = "online-retail/variants/";
  private static final String FULL = "online-retail/Online Retail.csv";
  private static final String FIRST_1071 = V + "first-1071-rows_crlf.csv";
  private static final String ISO = V + "iso-datetimes_decimal-customerid_10000rows.csv";
  private static final String TWO_DIGIT =
      V + "two-digit-years_extra-TotalPrice-column_no-final-newline_28492rows.csv";
  private static final String DAYFIRST =
      V + "dayfirst-dates_iso8859-1_truncated-last-line_39529rows.csv";
  private static final String SEMICOLON = V + "semicolon_mixed-dates_NA_extra-columns_5000rows.csv";
  private static final String RETAIL_II = "online-retail-ii/online_retail_II_2009-2010.csv";

  @TempDir Path tmp;

  /** What the test knows of one good file it drops: its event ids and its sum of quantities. */
  private record Good(String name, Set<String> ids, long quantity) {}

  /** A slice of a real file: its header and first {@code rows} records, byte for byte. */
  private record Slice(byte[] bytes, char separator) {}

  private final Map<String, Good> good = new LinkedHashMap<>();

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void everyFileDroppedWhileTheWatcherIsKilledAndRestartedIsLoadedExactlyOnce() throws Exception {
    String url = Postgres.requireUrl();
    for (String f : List.of(FULL, FIRST_1071, ISO, TWO_DIGIT, DAYFIRST, SEMICOLON, RETAIL_II)) {
      Fixtures.sharedData(f);
    }
    long seed = Long.getLong("pep.faults.seed", new Random().nextLong());
    Random random = new Random(seed);
    String context = "seed " + seed;
    String table = Postgres.freshTables("watch");
    String topic = "watch-" + table;
    Path dir = Files.createDirectories(tmp.resolve("spool"));
    Path stage = Files.createDirectories(tmp.resolve("stage"));

    // The files, made in the stage folder under the names they get in the watched directory.
    List<Path> first = new ArrayList<>();
    List<Path> second = new ArrayList<>();
    List<Path> last = new ArrayList<>();
    first.add(plain(stage, "first-1071.csv", slice(FIRST_1071, ',', 1_071)));
    first.add(gzip(stage, "first-1071 copy.csv.gz", slice(FIRST_1071, ',', 1_071)));
    first.add(plain(stage, "iso.csv", slice(ISO, ',', 1_500 * SCALE)));
    first.add(gzip(stage, "two-digit.csv.gz", slice(TWO_DIGIT, ',', 1_500 * SCALE)));
    first.add(unicodeText(stage, "full excel export.txt", slice(FULL, ',', 2_000 * SCALE)));
    first.add(plain(stage, "retail-ii.csv", slice(RETAIL_II, ',', 2_000 * SCALE)));
    second.add(plain(stage, "two-digit.csv", slice(TWO_DIGIT, ',', 1_000 * SCALE)));
    second.add(plain(stage, "dayfirst.csv", slice(DAYFIRST, ',', 2_000 * SCALE)));
    second.add(gzip(stage, "dayfirst.csv.gz", slice(DAYFIRST, ',', 1_200 * SCALE)));
    second.add(plain(stage, "semicolon.csv", slice(SEMICOLON, ';', 1_500 * SCALE)));
    second.add(tsv(stage, "full.tsv", slice(FULL, ',', 1_500 * SCALE)));
    last.add(gzip(stage, "retail-ii.csv.gz", slice(RETAIL_II, ',', 1_500 * SCALE)));
    last.add(gzip(stage, "iso.csv.gz", slice(ISO, ',', 1_000 * SCALE)));
    last.add(unicodeText(stage, "dayfirst unicode.txt", slice(DAYFIRST, ',', 1_000 * SCALE)));
    last.add(plain(stage, "full.csv", slice(FULL, ',', 3_000 * SCALE)));
    Path renamed = plain(stage, "renamed.csv", slice(FULL, ',', 800 * SCALE));
    Path slow = plain(stage, "slowly copied.csv", slice(ISO, ',', 3_000 * SCALE));
    Path pre = plain(stage, "produced before.csv", slice(TWO_DIGIT, ',', 900 * SCALE));
    // Bad files: no row of theirs may reach the topic.
    Slice header = slice(FIRST_1071, ',', 50);
    String text = new String(header.bytes(), StandardCharsets.ISO_8859_1);
    Path wrongHeader =
        Files.writeString(
            stage.resolve("wrong header.csv"),
            "order,sku,text,qty,date,price,customer,country" + text.substring(text.indexOf('\r')),
            StandardCharsets.ISO_8859_1);
    Path empty = Files.write(stage.resolve("empty.csv"), new byte[0]);
    assertThat(good).hasSize(18);

    try (EmbeddedBroker broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0);
        Connection db = DriverManager.getConnection(url)) {
      String bootstrap = broker.bootstrapServers();
      // Never taken: hidden, temporary, another pattern.
      List<Path> untouched =
          List.of(
              Files.copy(first.get(0), dir.resolve(".hidden.csv")),
              Files.copy(first.get(0), dir.resolve("download.csv.crdownload")),
              Files.copy(first.get(0), dir.resolve("copy.csv.tmp")),
              Files.copy(first.get(0), dir.resolve("notes.json")));
      // A file whose rows an earlier produce committed: the watcher only moves it.
      Files.copy(pre, dir.resolve(pre.getFileName()));
      ProduceProcess.Started produced =
          new ProduceProcess(tmp, bootstrap, topic, dir.resolve(pre.getFileName()))
              .start("pre-produce");
      assertThat(produced.await(120)).as(produced.outputText()).isZero();

      drop(first, dir);
      Watch watch = new Watch(tmp, bootstrap, topic, dir, url, table);
      Watch.Running running = watch.start("watch-1");
      List<String> kills = new ArrayList<>();
      int missed = 0;
      for (int k = 1; k <= KILLS; k++) {
        if (k == 2) {
          drop(second, dir);
          Path part = dir.resolve(renamed.getFileName() + ".part");
          Files.copy(renamed, part);
          Thread.sleep(2_500); // longer than the minimum age: a .part file must still wait
          Files.move(part, dir.resolve(renamed.getFileName()));
        }
        if (k == 3) {
          drop(last, dir);
        }
        Thread.sleep(random.nextInt(1_500));
        Watch.Running r = running;
        boolean midFile = waitFor(30, () -> r.inProgress().size() > 0);
        running.kill();
        List<String> cut = running.inProgress(); // the output is final now
        if (!midFile || cut.isEmpty()) {
          // The files ended between the look and the kill: not a mid-file kill, try again.
          assertThat(++missed)
              .as(context + ": kill " + k + " found no file in progress\n" + running.output())
              .isLessThan(4);
          running = watch.start("watch-" + (k + 1) + "-again-" + missed);
          k--;
          continue;
        }
        kills.add("kill " + k + " while producing " + cut);
        running = watch.start("watch-" + (k + 1));
      }
      // Once the watcher is idle, a file copied in slowly under its final name: it must not be
      // taken before the copy ends, whatever free slots the watcher has.
      Watch.Running idle = running;
      Set<String> before = new HashSet<>(good.keySet());
      before.remove(slow.getFileName().toString());
      assertThat(
              waitFor(
                  150,
                  () ->
                      idle.inProgress().isEmpty()
                          && before.stream()
                              .allMatch(n -> Files.exists(dir.resolve("finished").resolve(n)))))
          .as(
              context
                  + ": files placed before the slow copy; "
                  + listing(dir)
                  + "\n"
                  + idle.output())
          .isTrue();
      long taken = copySlowly(slow, dir.resolve(slow.getFileName()), dir.resolve("finished"));
      assertThat(taken)
          .as(context + ": the parts of the slow copy written when the watcher took the file")
          .isZero();
      Files.copy(wrongHeader, dir.resolve(wrongHeader.getFileName()));
      Files.copy(empty, dir.resolve(empty.getFileName()));

      // Every file where it belongs, then every row in the sink.
      Set<String> expected = new HashSet<>();
      long quantity = 0;
      for (Good g : good.values()) {
        expected.addAll(g.ids());
        quantity += g.quantity();
      }
      Watch.Running r = running;
      boolean placed =
          waitFor(
              150,
              () ->
                  good.keySet().stream()
                          .allMatch(n -> Files.exists(dir.resolve("finished").resolve(n)))
                      && Files.exists(dir.resolve("error/empty.csv"))
                      && Files.exists(dir.resolve("error/wrong header.csv")));
      assertThat(placed)
          .as(context + ": files placed; " + listing(dir) + "\n" + r.output())
          .isTrue();
      boolean loaded = waitFor(120, () -> Postgres.count(url, table) >= expected.size());
      assertThat(loaded)
          .as(context + ": " + Postgres.count(url, table) + " rows of " + expected.size())
          .isTrue();
      int exit = running.terminate();
      String output = running.output();

      assertThat(exit).as(context + "\n" + output).isEqualTo(143);
      assertThat(kills).as(context).hasSize(KILLS);
      assertThat(output).contains("Watched " + dir).contains("files finished");
      // Every good file is in finished/, nothing left in the directory but the untouched ones.
      for (String name : good.keySet()) {
        assertThat(dir.resolve("finished").resolve(name)).as(context).exists();
        assertThat(dir.resolve(name)).as(context).doesNotExist();
      }
      for (Path u : untouched) {
        assertThat(u).as(context).exists();
      }
      assertThat(Files.readString(dir.resolve("error/wrong header.csv.error.txt")))
          .contains("wrong header.csv line 1: the header lacks column(s) InvoiceNo");
      assertThat(Files.readString(dir.resolve("error/empty.csv.error.txt")))
          .contains("empty.csv is empty");
      // The pre-produced file was only moved, never sent again (the topic check below would also
      // see its events twice). Its line is missing only where a watcher was killed between moving
      // the file and printing the line: then that kill found the file in progress.
      String onlyMoved =
          "Finished produced before.csv: all "
              + good.get("produced before.csv").ids().size()
              + " events were committed by an earlier run -> finished/produced before.csv";
      String allOutput = allOutput(tmp);
      assertThat(allOutput.lines().filter(l -> l.startsWith("Finished produced before.csv")))
          .as("the pre-produced file was only moved\n" + allOutput)
          .allMatch(onlyMoved::equals);
      if (!allOutput.contains(onlyMoved)) {
        assertThat(kills)
            .as("no line for the pre-produced file, and no kill while it was in progress")
            .anyMatch(k -> k.contains("produced before.csv"));
        System.out.println(
            "The watcher killed while moving produced before.csv printed no line for it: " + kills);
      }
      try (var rejects = Files.list(dir.resolve("rejects"))) {
        assertThat(rejects.toList()).as("every row of the good files is valid").isEmpty();
      }

      Oracle.assertExactlyOnce(
          context + ", " + kills,
          new Oracle.Run(bootstrap, topic, "watch-" + table, db, table, table + "_offsets"),
          expected);
      assertThat(Long.parseLong(Postgres.scalar(db, "SELECT sum(quantity) FROM " + table)))
          .as(context)
          .isEqualTo(quantity);
    }
  }

  // --- the files

  /**
   * The header and first {@code rows} records of a shared file, byte for byte: cut at the start of
   * the line where the next record starts (records found by FastCSV, read byte-preserving).
   */
  private static Slice slice(String relative, char separator, int rows) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(Fixtures.sharedDataPath(relative))) {
      head = in.readNBytes(rows * 400 + 65_536);
    }
    String text = new String(head, StandardCharsets.ISO_8859_1);
    long nextLine = -1;
    try (CsvReader<CsvRecord> reader =
        CsvReader.builder()
            .fieldSeparator(separator)
            .allowMissingFields(true)
            .allowExtraFields(true)
            .ofCsvRecord(text)) {
      int i = 0;
      for (CsvRecord r : reader) {
        if (i++ == rows + 1) {
          nextLine = r.getStartingLineNumber();
          break;
        }
      }
    }
    int cut = head.length;
    if (nextLine > 0) {
      long line = 1;
      for (int i = 0; i < head.length && line < nextLine; i++) {
        if (head[i] == '\n') {
          line++;
          cut = i + 1;
        }
      }
    }
    return new Slice(java.util.Arrays.copyOf(head, cut), separator);
  }

  private static List<List<String>> records(String text, char separator) throws IOException {
    List<List<String>> out = new ArrayList<>();
    try (CsvReader<CsvRecord> reader =
        CsvReader.builder()
            .fieldSeparator(separator)
            .allowMissingFields(true)
            .allowExtraFields(true)
            .ofCsvRecord(text)) {
      for (CsvRecord r : reader) {
        List<String> f = new ArrayList<>(r.getFields());
        f.add(Long.toString(r.getStartingLineNumber()));
        out.add(f);
      }
    }
    return out;
  }

  /**
   * Registers {@code file} as good: ids from its dropped bytes and name ({@link Oracle#idPrefix})
   * and the starting lines of {@code text}'s records, quantities from the column named Quantity.
   */
  private Path good(Path file, String text, char separator) throws IOException {
    List<List<String>> recs = records(text, separator);
    int q = recs.get(0).indexOf("Quantity");
    assertThat(q).as(file + " has a Quantity column").isGreaterThanOrEqualTo(0);
    String prefix = Oracle.idPrefix(file);
    Set<String> ids = new HashSet<>();
    long quantity = 0;
    for (List<String> r : recs.subList(1, recs.size())) {
      ids.add(prefix + ":" + r.get(r.size() - 1));
      quantity += Long.parseLong(r.get(q));
    }
    good.put(file.getFileName().toString(), new Good(file.getFileName().toString(), ids, quantity));
    return file;
  }

  private Path plain(Path stage, String name, Slice s) throws IOException {
    Path f = Files.write(stage.resolve(name), s.bytes());
    return good(f, new String(s.bytes(), StandardCharsets.ISO_8859_1), s.separator());
  }

  private Path gzip(Path stage, String name, Slice s) throws IOException {
    Path f = stage.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
      out.write(s.bytes());
    }
    return good(f, new String(s.bytes(), StandardCharsets.ISO_8859_1), s.separator());
  }

  /** The slice's records written again with tabs, in {@code charset}, after {@code bom}. */
  private static byte[] rewrite(Slice s, Charset charset, byte[] bom, LineDelimiter end)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(bom);
    Writer w = new OutputStreamWriter(bytes, charset);
    CsvWriter csv = CsvWriter.builder().fieldSeparator('\t').lineDelimiter(end).build(w);
    for (List<String> r :
        records(new String(s.bytes(), StandardCharsets.ISO_8859_1), s.separator())) {
      csv.writeRecord(r.subList(0, r.size() - 1));
    }
    csv.flush();
    return bytes.toByteArray();
  }

  /** As Excel saves "Unicode text": UTF-16LE with a byte order mark, tabs, CRLF. */
  private Path unicodeText(Path stage, String name, Slice s) throws IOException {
    byte[] b =
        rewrite(
            s,
            StandardCharsets.UTF_16LE,
            new byte[] {(byte) 0xFF, (byte) 0xFE},
            LineDelimiter.CRLF);
    Path f = Files.write(stage.resolve(name), b);
    return good(f, new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE), '\t');
  }

  private Path tsv(Path stage, String name, Slice s) throws IOException {
    byte[] b = rewrite(s, StandardCharsets.ISO_8859_1, new byte[0], LineDelimiter.LF);
    Path f = Files.write(stage.resolve(name), b);
    return good(f, new String(b, StandardCharsets.ISO_8859_1), '\t');
  }

  // --- dropping them

  private static void drop(List<Path> files, Path dir) throws IOException {
    for (Path f : files) {
      Files.copy(f, dir.resolve(f.getFileName()));
    }
  }

  /**
   * Writes {@code from} into {@code to} in 40 parts, a quarter of a second apart (10 s, far longer
   * than the watcher's poll and minimum age). Returns how many parts were written while the file
   * was already in progress or taken: 0 when the watcher waited for the copy to end.
   */
  private static long copySlowly(Path from, Path to, Path finished)
      throws IOException, InterruptedException {
    byte[] b = Files.readAllBytes(from);
    Path done = finished.resolve(to.getFileName());
    long early = 0;
    try (OutputStream out = Files.newOutputStream(to)) {
      int part = b.length / 40 + 1;
      for (int i = 0; i < b.length; i += part) {
        out.write(b, i, Math.min(part, b.length - i));
        out.flush();
        Thread.sleep(250);
        if (Files.exists(done) || !Files.exists(to)) {
          early++;
        }
      }
    }
    return early;
  }

  private static boolean waitFor(int seconds, BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(50);
    }
    return condition.getAsBoolean();
  }

  private static String listing(Path dir) {
    try (var files = Files.walk(dir)) {
      return files.map(p -> dir.relativize(p).toString()).sorted().toList().toString();
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static String allOutput(Path tmp) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (var files = Files.list(tmp)) {
      for (Path p : files.filter(p -> p.toString().endsWith(".watch.out")).toList()) {
        sb.append(Files.readString(p));
      }
    }
    return sb.toString();
  }

  /** {@code pep watch} processes of the packaged jar, one after another on the same directory. */
  private record Watch(
      Path workDir, String bootstrap, String topic, Path dir, String url, String table) {

    Running start(String name) throws IOException {
      Path out = workDir.resolve(name + ".watch.out");
      List<String> command =
          List.of(
              "java",
              "-Xmx512m",
              "-jar",
              ConsumeProcess.jar().toString(),
              "watch",
              dir.toString(),
              "--bootstrap",
              bootstrap,
              "--topic",
              topic,
              "--sink",
              "postgres",
              "--db-url",
              url,
              "--group",
              "watch-" + table,
              "--min-age-ms",
              "1500",
              "--poll-ms",
              "200");
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().keySet().removeIf(k -> k.startsWith("KAFKA_") || k.startsWith("PEP_"));
      pb.environment().put("PEP_LOG_DIR", workDir.resolve("logs-" + name).toString());
      pb.environment().put("PEP_EVENTS_TABLE", table);
      pb.environment().put("PEP_OFFSETS_TABLE", table + "_offsets");
      // Small transactions, so that a kill lands between two commits of a file.
      pb.environment().put("PEP_COMMIT_INTERVAL_MS", "100");
      // A killed member's partitions go to the next process after 6 s, not Kafka's 45 s.
      pb.environment().put("PEP_SESSION_TIMEOUT_MS", "6000");
      pb.redirectErrorStream(true);
      pb.redirectOutput(out.toFile());
      return new Running(pb.start(), out);
    }

    record Running(Process process, Path out) {
      String output() {
        try {
          return Files.isRegularFile(out) ? Files.readString(out) : "";
        } catch (IOException e) {
          return e.toString();
        }
      }

      /** Files whose "Started" line is printed and whose end line is not. */
      List<String> inProgress() {
        List<String> started = new ArrayList<>();
        for (String line : output().lines().toList()) {
          if (line.startsWith("Started  ")) {
            started.add(line.substring(9, line.indexOf(": ")));
          } else if (line.startsWith("Finished ")
              || line.startsWith("Error    ")
              || line.startsWith("Failed   ")
              || line.startsWith("Stopped  ")) {
            String rest = line.substring(9);
            started.removeIf(
                n ->
                    rest.startsWith(n + ":")
                        || rest.startsWith(n + " ")
                        || rest.startsWith(n + ","));
          }
        }
        return started;
      }

      void kill() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL
        process.waitFor();
      }

      int terminate() throws InterruptedException {
        process.destroy(); // SIGTERM
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
          throw new AssertionError("pep watch did not stop within 60 s of SIGTERM\n" + output());
        }
        return process.exitValue();
      }
    }
  }
}
