package dev.pep.cli;

import dev.pep.config.PepException;
import dev.pep.config.PipelineConfig;
import dev.pep.csv.CsvLayout;
import dev.pep.csv.LayoutDetector;
import dev.pep.event.FileValidator;
import dev.pep.event.Reject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "validate",
    description = {
      "Read a CSV file as produce would, without a broker: print its detected layout, how many"
          + " rows were accepted and rejected (by reason), and the first rejects. Exit 0 when the"
          + " file was read to its end, whatever the rejects."
    },
    mixinStandardHelpOptions = true)
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;
  @Mixin InputOptions inputOptions;
  @Mixin VerboseOption verbose;
  @Mixin SummaryJsonOption summaryJson;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PipelineConfig config = ProduceStep.input(options.load(), err);
    CsvLayout layout = LayoutDetector.detect(config.csvFile(), config.csv());
    FileValidator.Report r =
        FileValidator.validate(config.csvFile(), layout, config.csv().zone(), e -> {});
    print(r, out);
    summaryJson.write(toMap(r));
    if (!r.complete()) {
      throw new PepException(r.error());
    }
    return ExitCodes.OK;
  }

  static void print(FileValidator.Report r, PrintWriter out) {
    out.println(r.layout().describe(r.file()));
    out.printf("%s %s%n", r.complete() ? "Validated" : "Stopped validating", r.file());
    row(out, "rows", r.rows());
    row(out, "accepted", r.accepted());
    row(out, "rejected", r.rejected());
    r.rejectedByReason().entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> out.printf(Locale.ROOT, "    %,10d  %s%n", e.getValue(), e.getKey()));
    if (!r.firstRejects().isEmpty()) {
      out.println("First rejects:");
      for (Reject j : r.firstRejects()) {
        out.println("  " + j.message());
      }
    }
    out.flush();
  }

  private static void row(PrintWriter out, String label, long n) {
    out.printf(Locale.ROOT, "  %-10s %,12d%n", label, n);
  }

  static Map<String, Object> toMap(FileValidator.Report r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", "validate");
    m.put("file", r.file());
    m.put("layout", r.layout().describe(r.file()));
    m.put("rows", r.rows());
    m.put("accepted", r.accepted());
    m.put("rejected", r.rejected());
    m.put("rejected_by_reason", r.rejectedByReason());
    List<String> first = new ArrayList<>();
    r.firstRejects().forEach(j -> first.add(j.message()));
    m.put("first_rejects", first);
    m.put("complete", r.complete());
    m.put("error", r.error());
    return m;
  }
}
