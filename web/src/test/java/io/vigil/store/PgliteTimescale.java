package io.vigil.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL 17 with TimescaleDB 2.23 compiled to WebAssembly (PGlite), served over the wire
 * protocol by {@code web/src/test/pglite/server.mjs} on a loopback port. Needs Node.js and npm; the
 * first use runs {@code npm ci} there (exact versions from its package-lock.json).
 */
final class PgliteTimescale implements AutoCloseable {
  private final Process process;
  final int port;

  private PgliteTimescale(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static PgliteTimescale start() throws IOException, InterruptedException {
    Path dir = Path.of(System.getProperty("vigil.root", "."), "web", "src", "test", "pglite");
    if (!Files.isDirectory(dir.resolve("node_modules"))) install(dir);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder("node", "server.mjs", String.valueOf(port)).directory(dir.toFile())
        .redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith("READY")) {
        // PGlite logs at DEBUG level; only what is more than that is worth showing.
        Thread drain = new Thread(() -> out.lines().filter(l -> !l.startsWith("DEBUG:"))
            .forEach(l -> System.out.println("pglite: " + l)), "pglite-output");
        drain.setDaemon(true);
        drain.start();
        return new PgliteTimescale(p, port);
      }
      System.out.println("pglite: " + line);
    }
    p.waitFor(5, TimeUnit.SECONDS);
    throw new IllegalStateException("PGlite server exited before listening");
  }

  private static synchronized void install(Path dir) throws IOException, InterruptedException {
    if (Files.isDirectory(dir.resolve("node_modules"))) return;
    Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
        .redirectErrorStream(true).start();
    String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
      throw new IllegalStateException("`npm ci` in " + dir.toAbsolutePath() + " failed:\n" + out);
    }
  }

  /**
   * PGlite has one database, takes any password and speaks no SSL. Its connections share one
   * session, so named server-side statements of one connection would collide with the next one's.
   */
  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?sslmode=disable&gssEncMode=disable&prepareThreshold=0";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
