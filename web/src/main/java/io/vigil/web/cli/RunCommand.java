package io.vigil.web.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Start the platform.")
public final class RunCommand implements Callable<Integer> {
  @Option(names = "--config", description = "Camera configuration file (default: ${DEFAULT-VALUE})")
  Path config = Path.of("cameras.yml");

  @Override
  public Integer call() {
    return 0;
  }
}
