package dev.pep.cli;

import dev.pep.broker.LocalCluster;
import dev.pep.config.PipelineConfig;
import dev.pep.config.Writable;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

  @Option(
      names = "--nodes",
      paramLabel = "N",
      description =
          "Run a local cluster of N nodes instead, each a process of its own (combined broker and"
              + " controller, replication factor N, min.insync.replicas 2), data in"
              + " PEP_STATE_DIR/cluster-N, client ports from PEP_BROKER_PORT on (default 1).")
  int nodes = 1;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PipelineConfig config = options.load().withBootstrapServers("");
    if (nodes < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--nodes must be 1 or more, not " + nodes);
    }
    if (nodes > 1) {
      return cluster(config, out, err);
    }
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

  private int cluster(PipelineConfig config, PrintWriter out, PrintWriter err)
      throws InterruptedException {
    Writable.directory(config.stateDir(), "PEP_STATE_DIR");
    java.nio.file.Path dir = config.stateDir().resolve("cluster-" + nodes);
    err.printf("Starting %d Kafka nodes (KRaft), data in %s...%n", nodes, dir);
    err.flush();
    try (ShutdownSignal signal = new ShutdownSignal();
        LocalCluster cluster = LocalCluster.start(dir, nodes, config.brokerPort())) {
      PipelineConfig c = config.withBootstrapServers(cluster.bootstrapServers());
      int partitions = ProduceStep.ensureTopic(c);
      out.println(cluster.bootstrapServers());
      out.flush();
      err.printf(
          "Topic %s has %d partitions, %d replicas each. Try: kcat -b %s -L%n"
              + "Press Ctrl-C to stop.%n",
          config.topic(), partitions, nodes, cluster.bootstrapServers());
      err.flush();
      signal.await();
      err.println("Stopping the cluster...");
      err.flush();
    }
    return ExitCodes.OK;
  }
}
