package dev.pep.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pep.config.PipelineConfig;
import dev.pep.config.ResolvedConfig;
import dev.pep.config.SinkConfig;
import dev.pep.kafka.KafkaClients;
import dev.pep.metrics.PipelineStatus;
import dev.pep.producer.Checkpoint;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    description = {
      "Print how the pipeline stands, from the database and the cluster: per group and partition"
          + " the stored offset, the end offset, the lag and the last commit; each file's"
          + " checkpoint; the dead-letter topic's size."
    },
    mixinStandardHelpOptions = true)
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;
  @Mixin ClusterOptions clusterOptions;
  @Mixin TopicOption topicOption;
  @Mixin SinkOptions sinkOptions;
  @Mixin VerboseOption verbose;

  @Option(names = "--json", description = "Print the status as JSON, for scripts.")
  boolean json;

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ResolvedConfig resolved = options.resolve();
    PipelineConfig config = resolved.toPipelineConfig();
    SinkConfig sink = resolved.toSinkConfig();
    // Only the group set with --group or PEP_GROUP_ID; every group with stored offsets otherwise.
    boolean groupGiven = !"default".equals(resolved.values().get("PEP_GROUP_ID").source());
    try (BrokerSession cluster = BrokerSession.open(config, err)) {
      PipelineStatus s =
          PipelineStatus.read(
              KafkaClients.of(cluster.config()),
              config.topic(),
              sink,
              groupGiven ? sink.groupId() : null);
      if (json) {
        out.println(
            new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(s.toMap()));
      } else {
        print(s, out);
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  private static void print(PipelineStatus s, PrintWriter out) {
    if (s.offsetsIn() == null) {
      out.printf("Topic %s: the jsonl sink stores no offsets%n", s.topic());
    } else if (s.partitions().isEmpty()) {
      out.printf("Topic %s: no offsets stored in %s yet%n", s.topic(), s.offsetsIn());
    } else {
      out.printf("Topic %s, offsets stored in %s:%n", s.topic(), s.offsetsIn());
      out.printf(
          Locale.ROOT,
          "  %-28s %9s %12s %12s %12s  %s%n",
          "group",
          "partition",
          "stored",
          "end",
          "lag",
          "last commit");
      for (PipelineStatus.PartitionStatus p : s.partitions()) {
        out.printf(
            Locale.ROOT,
            "  %-28s %9d %12s %,12d %,12d  %s%n",
            p.group(),
            p.partition(),
            p.storedOffset() < 0 ? "none" : String.format(Locale.ROOT, "%,d", p.storedOffset()),
            p.endOffset(),
            p.lag(),
            p.lastCommit() == null ? "-" : p.lastCommit().toString());
      }
    }
    if (s.files().isEmpty()) {
      out.printf("Files: none produced to %s%n", s.topic());
    } else {
      out.printf("Files produced to %s (their checkpoints):%n", s.topic());
      for (Checkpoint c : s.files()) {
        out.printf(
            Locale.ROOT,
            "  %s: %s, lines up to %,d done (%,d events, %,d rejected)%n",
            c.file(),
            c.complete() ? "complete" : "not complete",
            c.line(),
            c.events(),
            c.rejected());
      }
    }
    out.printf(
        Locale.ROOT, "Dead-letter topic %s: %,d records%n", s.deadLetterTopic(), s.deadLetters());
  }
}
