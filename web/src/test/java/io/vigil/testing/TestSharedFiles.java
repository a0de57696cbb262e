package io.vigil.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test data from the {@code ../shared} checkout beside the repository (clips, models). A test that needs
 * it fails when it is missing, saying what is missing: a skipped test would pass a build that tested
 * nothing.
 */
public final class TestSharedFiles {
  /** {@code -Dvigil.shared} (set by the build to the repository's {@code ../shared}). */
  public static final Path ROOT = Path.of(System.getProperty("vigil.shared", "../shared"));

  private TestSharedFiles() {}

  /** {@code ROOT.resolve(relative)}, which must be a file. */
  public static Path require(String relative) {
    Path p = ROOT.resolve(relative);
    if (!Files.isRegularFile(p)) {
      throw new AssertionError("missing shared test data " + p.toAbsolutePath() + ": this test needs the ../shared "
          + "checkout beside the repository (data/ and models/), or -Dvigil.shared=<its path>");
    }
    return p;
  }
}
