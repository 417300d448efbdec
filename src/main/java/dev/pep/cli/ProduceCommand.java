package dev.pep.cli;

import dev.pep.config.Ahead;
import dev.pep.config.MetricsConfig;
import dev.pep.config.PipelineConfig;
import dev.pep.config.ResolvedConfig;
import dev.pep.csv.CsvLayout;
import dev.pep.kafka.KafkaClients;
import dev.pep.metrics.PepMetrics;
import dev.pep.metrics.PipelineProbe;
import dev.pep.producer.ProduceSummary;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "produce",
    description = "Send every row of a CSV file to the topic as a purchase event.",
    mixinStandardHelpOptions = true)
final class ProduceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;
  @Mixin ClusterOptions clusterOptions;
  @Mixin TopicOption topicOption;
  @Mixin PartitionsOption partitionsOption;
  @Mixin InputOptions inputOptions;
  @Mixin BadRowOptions badRowOptions;
  @Mixin ProfileOption profileOption;
  @Mixin ProducerPropertyOption producerPropertyOption;
  @Mixin RestartOption restart;
  @Mixin VerboseOption verbose;
  @Mixin SummaryJsonOption summaryJson;
  @Mixin MetricsOptions metricsOptions;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ResolvedConfig resolved = options.resolve();
    PipelineConfig config = ProduceStep.withInput(resolved.toPipelineConfig(), err);
    MetricsConfig metricsConfig = resolved.toMetricsConfig();
    Ahead<CsvLayout> layout = ProduceStep.layoutAhead(config);
    try (ShutdownSignal signal = new ShutdownSignal();
        MetricsSession metrics = MetricsSession.open(metricsConfig, err);
        BrokerSession cluster = BrokerSession.open(config, err)) {
      int partitions = ProduceStep.ensureTopic(cluster.config());
      if (metrics.enabled()) {
        metrics.working(
            PepMetrics.Phase.PRODUCING,
            new PipelineProbe(KafkaClients.of(cluster.config()), config.topic(), null, null));
      }
      ProduceSummary s =
          ProduceStep.produce(
              cluster.config(),
              layout,
              partitions,
              restart.start(),
              err,
              signal,
              metrics.produce());
      SummaryReport.print(s, out);
      summaryJson.write(SummaryReport.toMap("produce", s));
      metrics.finished(signal);
      if (s.failure() != null) {
        throw ProduceStep.failed(s);
      }
      return s.complete() ? ExitCodes.OK : ExitCodes.INTERRUPTED;
    }
  }
}
