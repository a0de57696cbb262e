package io.vigil.ingest.testing;

import io.vigil.ingest.ConnectionGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails every test class during which Vigil tried to reach past this machine (issue #14). Registered
 * for every test class of the modules that see ingest's test jar (ingest, web) by JUnit's extension
 * auto-detection ({@code META-INF/services}); the build turns the guard and the detection on for every
 * test JVM (root pom), and child JVMs the tests start report into the same file
 * ({@link ConnectionGuard#jvmOptions()}).
 */
public final class TestNetworkGuard implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TestNetworkGuard.class);

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    if (!ConnectionGuard.loopbackOnly()) {
      throw new IllegalStateException("the network guard is off: run tests with -D" + ConnectionGuard.PROPERTY + "="
          + ConnectionGuard.LOOPBACK_ONLY + " (the root pom sets it for surefire and failsafe)");
    }
    context.getStore(NS).put("before", new long[] {ConnectionGuard.refusals(), childRefusals().size()});
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    long[] before = context.getStore(NS).get("before", long[].class);
    if (before == null) return;
    // The file holds this JVM's refusals and its children's; without one, this JVM's count is all there is.
    List<String> recorded = childRefusals();
    long refused = System.getProperty(ConnectionGuard.LOG_PROPERTY) != null ? recorded.size() - before[1]
        : ConnectionGuard.refusals() - before[0];
    if (refused > 0) {
      List<String> which = recorded.size() > before[1] ? recorded.subList((int) before[1], recorded.size())
          : ConnectionGuard.recentRefusals();
      throw new AssertionError("the network guard refused " + refused + " connection(s) outside loopback during "
          + context.getDisplayName() + "; tests may reach only 127.0.0.0/8 and ::1: " + which);
    }
  }

  /** Refusals recorded in the shared file (this JVM's and its children's), one per line. */
  private static List<String> childRefusals() throws IOException {
    String file = System.getProperty(ConnectionGuard.LOG_PROPERTY);
    if (file == null || !Files.exists(Path.of(file))) return List.of();
    return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
  }
}
