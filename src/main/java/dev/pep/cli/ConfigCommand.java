package dev.pep.cli;

import dev.pep.config.ResolvedConfig;
import dev.pep.config.SettingsReference;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "config",
    description = {
      "Print the effective settings and where each came from (default, the --config file, .env,"
          + " environment, flag). Secrets are masked."
    },
    mixinStandardHelpOptions = true)
final class ConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;
  @Mixin ClusterOptions clusterOptions;
  @Mixin TopicOption topicOption;
  @Mixin PartitionsOption partitionsOption;
  @Mixin InputOptions inputOptions;
  @Mixin BadRowOptions badRowOptions;
  @Mixin ProfileOption profileOption;
  @Mixin ProducerPropertyOption producerPropertyOption;
  @Mixin SinkOptions sinkOptions;
  @Mixin MetricsOptions metricsOptions;
  @Mixin WatchOptions watchOptions;
  @Mixin VerboseOption verbose;

  @Option(
      names = "--reference",
      description =
          "Print the reference of every setting (name, default, description) as Markdown.")
  boolean reference;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (reference) {
      printReference(out);
      return ExitCodes.OK;
    }
    ResolvedConfig resolved = options.resolve();
    resolved.toPipelineConfig(); // validate: a bad value is reported, not printed as effective
    int width = 0;
    for (String k : resolved.values().keySet()) {
      width = Math.max(width, k.length());
    }
    String format = "%-" + width + "s  %-30s  %s%n";
    out.printf(format, "NAME", "VALUE", "SOURCE");
    for (Map.Entry<String, ResolvedConfig.Value> e : resolved.values().entrySet()) {
      String value = ResolvedConfig.display(e.getKey(), e.getValue().raw());
      out.printf(format, e.getKey(), value.isEmpty() ? "\"\"" : value, e.getValue().source());
    }
    out.flush();
    return ExitCodes.OK;
  }

  static void printReference(PrintWriter out) {
    SettingsReference.markdown().forEach(out::println);
    out.flush();
  }
}
