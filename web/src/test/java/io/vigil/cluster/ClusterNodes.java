package io.vigil.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.json.JsonObject;
import io.vigil.ingest.ConnectionGuard;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Clustered Vigil nodes as separate JVMs ({@code vigil run --cluster}) on 127.0.0.1 for the cluster ITs:
 * a uniquely named database on the local PostgreSQL, the nodes' processes and logs, and the HTTP calls a
 * test makes to them. Closing it kills the nodes, keeps their logs under {@code target/} and drops the
 * database.
 */
final class ClusterNodes implements AutoCloseable {
  static final Path SHARED = Path.of(System.getProperty("vigil.shared", "../shared"));
  static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  /** Hazelcast and JavaCV need these; the same list as ./vigil and failsafe's argLine. */
  private static final List<String> OPENS = List.of("--add-modules", "java.se",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

  private final Path dir;
  private final int count;
  private final String keep;
  private final Map<String, String> env;
  private final String secretKey = newKey();
  private final boolean appendLogs;
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String database;
  private Path cfg;
  private String members;
  private int[] hzPorts;
  private int[] webPorts;
  /** The session's CSRF token, kept in the shared database: any node accepts it. */
  private String csrf;

  /**
   * @param dir the test's temporary directory, for the nodes' logs and data directories
   * @param count how many nodes the test runs, for the logs printed and kept
   * @param keep the folder under {@code target/} that keeps the nodes' logs after the test
   * @param env environment variables the nodes get (secrets referenced by the config)
   * @param appendLogs whether a restarted node appends to its log rather than starting a new one
   */
  ClusterNodes(Path dir, int count, String keep, Map<String, String> env, boolean appendLogs) {
    this.dir = dir;
    this.count = count;
    this.keep = keep;
    this.env = Map.copyOf(env);
    this.appendLogs = appendLogs;
  }

  /** Creates a fresh database named {@code prefix} and a random suffix, dropped on close; returns its name. */
  String createDatabase(String prefix) throws SQLException {
    String name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    database = name;
    return name;
  }

  /** A connection to the test's database. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(SERVER + database, "postgres", "");
  }

  HttpClient http() {
    return http;
  }

  /**
   * Starts every node on {@code cfg}, each on ports of its own, and waits until each answers; then logs the
   * first administrator in through node 0 and returns the session cookie.
   */
  String startAll(Path cfg) throws Exception {
    this.cfg = cfg;
    hzPorts = new int[count];
    webPorts = new int[count];
    for (int i = 0; i < count; i++) {
      hzPorts[i] = freePort();
      webPorts[i] = freePort();
    }
    List<String> all = new ArrayList<>();
    for (int p : hzPorts) all.add("127.0.0.1:" + p);
    members = String.join(",", all);
    // Started together: Flyway's advisory lock must let exactly one of them migrate.
    for (int i = 0; i < count; i++) start(i);
    for (int i = 0; i < count; i++) waitHealthy(i);
    String password = adminPassword();
    assertNotNull(password, "one node created the first administrator and printed its password");
    return login(webPorts[0], password);
  }

  /** The nodes' HTTP ports, by node index. */
  int[] webPorts() {
    return webPorts.clone();
  }

  /** Starts node {@code i} again (a new cluster member on the same ports) and waits until it answers. */
  void restart(int i) throws Exception {
    start(i);
    waitHealthy(i);
  }

  private void start(int i) throws IOException {
    int hzPort = hzPorts[i];
    int webPort = webPorts[i];
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx384m");
    cmd.add("-Dorg.bytedeco.javacpp.maxPhysicalBytes=0");
    String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
    if (cache != null) cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
    cmd.addAll(OPENS);
    cmd.addAll(ConnectionGuard.jvmOptions());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.vigil.cli.VigilCommand");
    cmd.addAll(List.of("run", "--config", cfg.toString(), "--cluster", "--cluster-members", members,
        "--cluster-host", "127.0.0.1", "--cluster-port", Integer.toString(hzPort), "--event-bus-port", "0",
        "--http-port", Integer.toString(webPort), "--data-dir", dir.resolve("node-" + i).toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(appendLogs
        ? ProcessBuilder.Redirect.appendTo(log(i).toFile()) : ProcessBuilder.Redirect.to(log(i).toFile()));
    pb.environment().putAll(env);
    // Nodes that share a database share the key that seals camera passwords in it.
    pb.environment().putIfAbsent(io.vigil.store.SecretKeys.ENV_KEY, secretKey);
    Process p = pb.start();
    if (i < processes.size()) processes.set(i, p);
    else processes.add(p);
  }

  private static String newKey() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return java.util.Base64.getEncoder().encodeToString(key);
  }

  /** Node {@code i}'s current process. */
  Process process(int i) {
    return processes.get(i);
  }

  Path log(int i) {
    return dir.resolve("node-" + i + ".log");
  }

  private void waitHealthy(int i) throws Exception {
    int port = webPorts[i];
    try {
      waitFor(Duration.ofSeconds(180), "node " + i + " answers", () -> {
        if (!processes.get(i).isAlive()) throw new IllegalStateException("node " + i + " exited");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/health"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? true : null;
      });
    } catch (Throwable e) {
      System.out.println(Files.readString(log(i)));
      throw e;
    }
  }

  /** The first administrator's password, printed by whichever node created it; null if none did. */
  private String adminPassword() throws IOException {
    for (int i = 0; i < count; i++) {
      if (!Files.exists(log(i))) continue;
      String password = io.vigil.platform.FirstAdminPassword.from(Files.readString(log(i)));
      if (password != null) return password;
    }
    return null;
  }

  /** Logs the administrator in through the node; returns the session cookie and keeps its CSRF token. */
  private String login(int port, String password) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", "admin").put("password", password)
            .encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    csrf = new JsonObject(r.body()).getString("csrfToken");
    return r.headers().allValues("set-cookie").stream().map(c -> c.split(";")[0])
        .filter(c -> c.startsWith("vigil_session=")).findFirst().orElseThrow();
  }

  HttpResponse<String> send(int port, String cookie, String method, String uri, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + uri)).header("Cookie", cookie)
        .header("X-CSRF-Token", csrf).header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonObject get(int port, String cookie, String uri) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + uri))
        .header("Cookie", cookie).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertEquals(200, r.statusCode(), uri + ": " + r.body());
    return new JsonObject(r.body());
  }

  interface Probe<T> {
    T get() throws Exception;
  }

  /**
   * Polls until the probe returns a value, which it returns. An IllegalStateException from the probe ends
   * the wait at once; other failures are retried. On timeout, prints the end of every node's log.
   */
  <T> T waitFor(Duration limit, String what, Probe<T> probe) throws Exception {
    Instant end = Instant.now().plus(limit);
    Exception last = null;
    while (Instant.now().isBefore(end)) {
      try {
        T v = probe.get();
        if (v != null) return v;
      } catch (IllegalStateException e) {
        throw e;
      } catch (Exception | AssertionError e) {
        last = e instanceof Exception ex ? ex : new Exception(e);
      }
      Thread.sleep(250);
    }
    for (int i = 0; i < count; i++) {
      if (!Files.exists(log(i))) continue;
      String text = Files.readString(log(i));
      System.out.println("---- node " + i + " (last 6000 chars)\n" + text.substring(Math.max(0, text.length() - 6000)));
    }
    throw new AssertionError("timed out waiting for: " + what + (last == null ? "" : " (last: " + last + ")"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    for (Process p : processes) p.destroyForcibly();
    for (Process p : processes) p.waitFor(30, TimeUnit.SECONDS);
    // The nodes' logs outlive the temporary directory, for whoever reads a failure.
    Path kept = Path.of("target", keep);
    Files.createDirectories(kept);
    for (int i = 0; i < count; i++) {
      if (Files.exists(log(i))) Files.copy(log(i), kept.resolve("node-" + i + ".log"), StandardCopyOption.REPLACE_EXISTING);
    }
    if (database != null) {
      try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      }
    }
  }
}
