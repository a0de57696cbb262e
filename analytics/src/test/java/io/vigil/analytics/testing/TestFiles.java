package io.vigil.analytics.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real footage and model the tests read from {@code ../shared} (the {@code vigil.shared} system
 * property, which the build sets). A missing file fails the test with what is missing and where it
 * was looked for: a skipped accuracy test would look like a passing one.
 */
public final class TestFiles {
  public static final String PETS_CLIP = "data/pets09-s2l1/vtest.avi";
  public static final String PETS_TRUTH = "data/pets09-s2l1/gt.txt";
  public static final String YOLOX_NANO = "models/yolox-nano/yolox_nano.onnx";

  private TestFiles() {}

  public static Path root() {
    return Path.of(System.getProperty("vigil.shared", "../shared")).toAbsolutePath().normalize();
  }

  /** @throws IllegalStateException when the file is not there */
  public static Path require(String relative) {
    Path p = root().resolve(relative);
    if (!Files.isReadable(p)) {
      throw new IllegalStateException("test material missing: " + p + " (the shared folder is expected beside the "
          + "repository, or at -Dvigil.shared=<dir>; see README, Tests)");
    }
    return p;
  }
}
