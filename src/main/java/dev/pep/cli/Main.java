package dev.pep.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code pep} command. The only place that exits the JVM. */
@Command(
    name = "pep",
    description = "purchase-event-pipeline: CSV purchase events into Apache Kafka, exactly once.",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    subcommands = {
      RunCommand.class,
      ProduceCommand.class,
      ConsumeCommand.class,
      BrokerCommand.class,
      ConfigCommand.class,
      ValidateCommand.class,
      WatchCommand.class,
      BenchCommand.class,
      StatusCommand.class,
      ReportCommand.class,
      AggregateCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests run it with their own out/err writers. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setExitCodeExceptionMapper(ErrorHandler::exitCode);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine cmd = ex.getCommandLine();
          cmd.getErr().println(cmd.getColorScheme().errorText("Error: " + ex.getMessage()));
          cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
          cmd.getErr().flush();
          return ExitCodes.USAGE;
        });
    return cl;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {
        "pep "
            + (v == null ? "dev" : v)
            + " (Apache Kafka "
            + dev.pep.broker.EmbeddedBroker.kafkaVersion()
            + ")"
      };
    }
  }
}
