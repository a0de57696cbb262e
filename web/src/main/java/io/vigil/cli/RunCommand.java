package io.vigil.cli;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vigil.config.ClusterSettings;
import io.vigil.config.ConfigException;
import io.vigil.config.ServerSettings;
import io.vigil.config.VigilConfig;
import io.vigil.platform.Platform;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
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

  @Option(names = "--cluster", description = "Join a Vert.x cluster of Vigil nodes (needs a shared database:)")
  boolean cluster;

  @Option(names = "--cluster-members", split = ",", paramLabel = "<host:port>",
      description = "The cluster's members, comma-separated (overrides cluster.members)")
  List<String> members;

  @Option(names = "--cluster-host", paramLabel = "<address>",
      description = "Address this node's Hazelcast and event bus bind (overrides cluster.host)")
  String clusterHost;

  @Option(names = "--cluster-port", paramLabel = "<port>", description = "Hazelcast member port (overrides cluster.port)")
  Integer clusterPort;

  @Option(names = "--event-bus-port", paramLabel = "<port>",
      description = "Clustered event bus port, 0 for any free one (overrides cluster.event_bus_port)")
  Integer eventBusPort;

  @Option(names = "--http-port", paramLabel = "<port>", description = "Web viewer port (overrides server.http_port)")
  Integer httpPort;

  @Option(names = "--data-dir", paramLabel = "<dir>", description = "Data directory (overrides data_dir)")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    Path file = ConfigFile.of(config);
    VigilConfig cfg;
    try {
      cfg = overrides(VigilConfig.load(file)).checked();
    } catch (ConfigException e) {
      return ConfigFile.refuse(e);
    }
    Vertx vertx;
    try {
      vertx = Platform.vertx(cfg, new VertxOptions().setPreferNativeTransport(false)).await(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      LOG.log(Level.ERROR, "Vigil could not join the cluster: " + e.getMessage(), e);
      return 1;
    }
    Platform platform;
    try {
      platform = Platform.start(vertx, cfg).await(5, TimeUnit.MINUTES);
    } catch (ConfigException e) {
      int status = ConfigFile.refuse(e);
      vertx.close();
      return status;
    } catch (Exception e) {
      LOG.log(Level.ERROR, "Vigil could not start: " + e.getMessage(), e);
      vertx.close();
      return 1;
    }
    LOG.log(Level.INFO, "Vigil is running: web viewer at " + platform.viewerUrl());
    String version = RunCommand.class.getPackage().getImplementationVersion();
    new StartupSummary(version == null ? "(development build)" : version, platform.viewerUrl(), cfg,
        Platform.storageOptions(cfg)).lines()
        .forEach(System.out::println);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.log(Level.INFO, "Stopping Vigil");
      try {
        platform.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.log(Level.WARNING, "Unclean stop: " + e.getMessage());
      }
      vertx.close();
      stopped.countDown();
    }, "vigil-shutdown"));
    stopped.await();
    return 0;
  }

  /** The command line wins over the file: several nodes on one machine share a file but not ports. */
  VigilConfig overrides(VigilConfig cfg) {
    ClusterSettings c = cfg.cluster();
    if (cluster) c = c.withEnabled(true);
    if (members != null) c = c.withMembers(members);
    if (clusterHost != null) c = c.withHost(clusterHost);
    if (clusterPort != null) c = c.withPort(clusterPort);
    if (eventBusPort != null) c = c.withEventBusPort(eventBusPort);
    cfg = cfg.withCluster(c);
    if (httpPort != null) {
      cfg = cfg.withServer(new ServerSettings(cfg.server().bind(), httpPort, cfg.server().mapTiles()));
    }
    if (dataDir != null) cfg = cfg.withDataDir(dataDir.toAbsolutePath().normalize());
    return cfg;
  }
}
