package io.vigil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./vigil} command line: one subcommand per way of running Vigil. */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    version = "Vigil 0.1.0",
    description = "Camera ingestion and crowd analytics for operations centres.",
    subcommands = {RunCommand.class, AnalyzeCommand.class, BenchCommand.class, RotateKeyCommand.class},
    footer = {"", "Also, from the launcher:", "  test  Set up test prerequisites if missing, then run every test (mvn verify)."})
public final class VigilCommand implements Runnable {

  @Override
  public void run() {
    // `./vigil` alone starts the platform, as `./vigil run` does.
    new CommandLine(new RunCommand()).execute();
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new VigilCommand()).execute(args));
  }
}
