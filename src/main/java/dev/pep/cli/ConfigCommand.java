package dev.pep.cli;

import dev.pep.config.ResolvedConfig;
import dev.pep.config.Setting;
import dev.pep.config.Settings;
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
    out.println("| Name | Default | Description |");
    out.println("|---|---|---|");
    for (Setting<?> s : Settings.ALL) {
      out.printf(
          "| `%s` | %s | %s |%n",
          s.name(), s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`", s.doc());
    }
    out.println(
        "| `kafka.<property>` | | A Kafka client property for every client pep makes (producer,"
            + " consumer, admin), e.g. `kafka.security.protocol=SASL_SSL`, `kafka.sasl.*`,"
            + " `kafka.ssl.*` (flag: `-X security.protocol=SASL_SSL`). Checked against Kafka's"
            + " own list; PASSWORD-typed values are never printed. |");
    out.println(
        "| `kafka.producer.<property>` | | A Kafka producer property, e.g."
            + " `kafka.producer.linger.ms=20` (flag: `-P linger.ms=20`). Wins over `kafka.*` and"
            + " the profile. |");
    out.println(
        "| `kafka.consumer.<property>` | | A Kafka consumer property, e.g."
            + " `kafka.consumer.max.poll.records=10000`. Wins over `kafka.*`. |");
    out.println(
        "| `kafka.admin.<property>` | | A Kafka admin client property, e.g."
            + " `kafka.admin.request.timeout.ms=30000`. Wins over `kafka.*`. |");
    out.flush();
  }
}
