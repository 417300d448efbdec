package dev.pep.cli;

import dev.pep.config.PipelineConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "broker",
    description = {
      "Run the embedded Kafka broker in the foreground for other tools (kcat, the Kafka CLI,"
          + " another pep). Creates the topic; stops cleanly on Ctrl-C."
    },
    mixinStandardHelpOptions = true)
final class BrokerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;
  @Mixin TopicOption topicOption;
  @Mixin PartitionsOption partitionsOption;
  @Mixin VerboseOption verbose;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PipelineConfig config = options.load().withBootstrapServers("");
    try (ShutdownSignal signal = new ShutdownSignal();
        BrokerSession cluster = BrokerSession.open(config, err)) {
      int partitions = ProduceStep.ensureTopic(cluster.config());
      out.println(cluster.config().bootstrapServers());
      out.flush();
      err.printf(
          "Topic %s has %d partitions. Try: kcat -b %s -L%nPress Ctrl-C to stop.%n",
          config.topic(), partitions, cluster.config().bootstrapServers());
      err.flush();
      signal.await();
      err.println("Stopping the broker...");
      err.flush();
    }
    return ExitCodes.OK;
  }
}
