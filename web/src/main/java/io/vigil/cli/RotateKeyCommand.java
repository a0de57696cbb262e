package io.vigil.cli;

import io.vigil.config.ConfigException;
import io.vigil.config.VigilConfig;
import io.vigil.platform.Platform;
import io.vigil.store.CameraSecrets;
import io.vigil.store.SecretKeys;
import io.vigil.store.Storage;
import io.vigil.store.StorageOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Moves the camera passwords in the database to a new key. Opens the same database {@code run} would,
 * so Vigil must be stopped first (an embedded database refuses a second user anyway).
 */
@Command(name = "rotate-key", mixinStandardHelpOptions = true,
    description = {"Encrypt the camera passwords stored in the database with a new key (stop Vigil first).",
        "With a key file (data_dir/secret.key) a new file replaces it. With " + SecretKeys.ENV_KEY
            + " set, put the new key in " + SecretKeys.ENV_NEW_KEY + " (openssl rand -base64 32), then start Vigil "
            + "with " + SecretKeys.ENV_KEY + " set to it."})
public final class RotateKeyCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "<file>",
      description = "Camera configuration file (default: cameras.yml in the Vigil directory)")
  Path config;

  @Option(names = "--data-dir", paramLabel = "<dir>", description = "Data directory (overrides data_dir)")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    Path file = ConfigFile.of(config);
    VigilConfig cfg;
    try {
      cfg = VigilConfig.load(file);
      if (dataDir != null) cfg = cfg.withDataDir(dataDir.toAbsolutePath().normalize());
    } catch (ConfigException e) {
      return ConfigFile.refuse(e);
    }
    Map<String, String> env = System.getenv();
    StorageOptions options = Platform.storageOptions(cfg);
    CameraSecrets.Outcome outcome;
    try (Storage storage = Storage.start(options)) {
      outcome = CameraSecrets.rotate(storage.dataSource(), env, options.secretKeyFile());
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("vigil: the key was not rotated: " + e.getMessage());
      return 1;
    }
    boolean fromEnv = env.get(SecretKeys.ENV_KEY) != null && !env.get(SecretKeys.ENV_KEY).isBlank();
    System.out.println("vigil: " + outcome.sealed() + " camera password(s) are now encrypted with the new key"
        + (fromEnv ? "; set " + SecretKeys.ENV_KEY + " to the value of " + SecretKeys.ENV_NEW_KEY
            + " before starting Vigil" : " in " + options.secretKeyFile()));
    return 0;
  }
}
