package io.vigil.web.cli;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vigil.ingest.config.ConfigException;
import io.vigil.ingest.config.VigilConfig;
import io.vigil.web.Platform;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Start the platform: cameras, analytics, storage and the web viewer.")
public final class RunCommand implements Callable<Integer> {
  private static final System.Logger LOG = System.getLogger(RunCommand.class.getName());

  @Option(names = "--config", paramLabel = "<file>",
      description = "Camera configuration file (default: cameras.yml in the Vigil directory)")
  Path config;

  @Override
  public Integer call() throws Exception {
    Path file = config != null ? config : Path.of(System.getProperty("vigil.home", ".")).resolve("cameras.yml");
    VigilConfig cfg;
    try {
      cfg = VigilConfig.load(file);
    } catch (ConfigException e) {
      System.err.println("vigil: the configuration cannot be used:");
      e.problems().forEach(p -> System.err.println("  " + p));
      return 2;
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
    Platform platform;
    try {
      platform = Platform.start(vertx, cfg).await(5, TimeUnit.MINUTES);
    } catch (ConfigException e) {
      System.err.println("vigil: the configuration cannot be used:");
      e.problems().forEach(p -> System.err.println("  " + p));
      vertx.close();
      return 2;
    } catch (Exception e) {
      LOG.log(System.Logger.Level.ERROR, "Vigil could not start: " + e.getMessage(), e);
      vertx.close();
      return 1;
    }
    LOG.log(System.Logger.Level.INFO, "Vigil is running: web viewer at " + platform.viewerUrl());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.log(System.Logger.Level.INFO, "Stopping Vigil");
      try {
        platform.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.log(System.Logger.Level.WARNING, "Unclean stop: " + e.getMessage());
      }
      vertx.close();
      stopped.countDown();
    }, "vigil-shutdown"));
    stopped.await();
    return 0;
  }
}
