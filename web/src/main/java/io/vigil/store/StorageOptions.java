package io.vigil.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How storage runs. A null {@code jdbcUrl} means the embedded PostgreSQL, with its data under
 * {@code embeddedDataDir}. Every value is checked against its bounds when built; {@link #toString()}
 * never shows the password.
 *
 * @param embeddedPort 0 picks a free port at each start
 * @param retention how long occupancy samples and camera status changes are kept; at least 3 days,
 *     longer than the window the continuous aggregates are refreshed over
 * @param alertRetention how long alerts are kept
 * @param compressAfter TimescaleDB only: age after which time-series chunks are compressed
 * @param retentionCheckInterval plain PostgreSQL only: how often the retention job deletes old rows
 * @param occupancyBuffer samples held while the database is slow or away before the oldest are dropped
 * @param statusBuffer camera status changes held likewise
 * @param batchSize most rows per insert
 * @param flushInterval longest time a sample waits before the writer sends a partial batch
 * @param statementTimeout longest a statement may run before the server cancels it
 * @param connectTimeout longest the writer or a query waits for a connection
 * @param startTimeout longest {@link Storage#start} waits for the database to answer
 * @param closeTimeout longest {@link Storage#close} waits to write what is buffered
 * @param secretKeyFile the key that seals camera passwords in the database when {@code VIGIL_SECRET_KEY}
 *     is not set; created (mode 0600) when missing
 */
public record StorageOptions(
    String jdbcUrl,
    String user,
    String password,
    Path embeddedDataDir,
    int embeddedPort,
    Path spoolDir,
    Duration retention,
    Duration alertRetention,
    Duration compressAfter,
    Duration retentionCheckInterval,
    int occupancyBuffer,
    int statusBuffer,
    int batchSize,
    int poolSize,
    Duration flushInterval,
    Duration statementTimeout,
    Duration connectTimeout,
    Duration startTimeout,
    Duration closeTimeout,
    Path secretKeyFile) {

  public static final String ENV_URL = "VIGIL_DB_URL";
  public static final String ENV_USER = "VIGIL_DB_USER";
  public static final String ENV_PASSWORD = "VIGIL_DB_PASSWORD";
  public static final String ENV_DATA_DIR = "VIGIL_DATA_DIR";
  public static final String ENV_EMBEDDED_PORT = "VIGIL_DB_EMBEDDED_PORT";
  public static final String ENV_RETENTION = "VIGIL_DB_RETENTION";
  public static final String ENV_ALERT_RETENTION = "VIGIL_DB_ALERT_RETENTION";
  public static final String ENV_COMPRESS_AFTER = "VIGIL_DB_COMPRESS_AFTER";

  public StorageOptions {
    if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("database URL must start with jdbc:postgresql:");
    }
    if (jdbcUrl == null && (user != null || password != null)) {
      throw new IllegalArgumentException("a database user or password is set but no database URL");
    }
    Objects.requireNonNull(embeddedDataDir, "embeddedDataDir");
    Objects.requireNonNull(spoolDir, "spoolDir");
    Objects.requireNonNull(secretKeyFile, "secretKeyFile");
    if (embeddedPort < 0 || embeddedPort > 65535) {
      throw new IllegalArgumentException("embedded port must be 0 (any free port) or 1-65535, was " + embeddedPort);
    }
    between("retention", retention, Duration.ofDays(3), Duration.ofDays(3650));
    between("alert retention", alertRetention, Duration.ofDays(3), Duration.ofDays(3650));
    between("compress after", compressAfter, Duration.ofMinutes(10), Duration.ofDays(3650));
    between("retention check interval", retentionCheckInterval, Duration.ofSeconds(1), Duration.ofDays(1));
    between("occupancy buffer", occupancyBuffer, 1_000, 10_000_000);
    between("status buffer", statusBuffer, 100, 1_000_000);
    between("batch size", batchSize, 1, 50_000);
    between("pool size", poolSize, 2, 64);
    between("flush interval", flushInterval, Duration.ofMillis(10), Duration.ofSeconds(60));
    between("statement timeout", statementTimeout, Duration.ofMillis(100), Duration.ofHours(1));
    between("connect timeout", connectTimeout, Duration.ofMillis(250), Duration.ofMinutes(5));
    between("start timeout", startTimeout, Duration.ofSeconds(1), Duration.ofHours(1));
    between("close timeout", closeTimeout, Duration.ofMillis(100), Duration.ofMinutes(10));
  }

  public boolean embedded() {
    return jdbcUrl == null;
  }

  /** Defaults: embedded PostgreSQL under {@code <root>/data/pg}, spool under {@code <root>/data/spool}. */
  public static Builder builder(Path root) {
    return new Builder(root.resolve("data"));
  }

  /**
   * Options from {@code VIGIL_DB_URL}, {@code VIGIL_DB_USER}, {@code VIGIL_DB_PASSWORD} (no URL: the
   * embedded server), {@code VIGIL_DATA_DIR} (default {@code <root>/data}), {@code
   * VIGIL_DB_EMBEDDED_PORT}, {@code VIGIL_DB_RETENTION}, {@code VIGIL_DB_ALERT_RETENTION} and {@code
   * VIGIL_DB_COMPRESS_AFTER} (durations such as {@code 90d}, {@code 12h}, {@code P30D}).
   *
   * @throws IllegalArgumentException naming the variable that is wrong
   */
  public static StorageOptions fromEnvironment(Map<String, String> env, Path root) {
    String dataDir = blankToNull(env.get(ENV_DATA_DIR));
    Builder b = new Builder(dataDir == null ? root.resolve("data") : Path.of(dataDir));
    String url = blankToNull(env.get(ENV_URL));
    if (url != null) b.database(url, blankToNull(env.get(ENV_USER)), env.get(ENV_PASSWORD));
    String port = blankToNull(env.get(ENV_EMBEDDED_PORT));
    if (port != null) {
      try {
        b.embeddedPort(Integer.parseInt(port));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(ENV_EMBEDDED_PORT + " must be a port number, was '" + port + "'");
      }
    }
    String v;
    if ((v = blankToNull(env.get(ENV_RETENTION))) != null) b.retention(parseDuration(ENV_RETENTION, v));
    if ((v = blankToNull(env.get(ENV_ALERT_RETENTION))) != null) b.alertRetention(parseDuration(ENV_ALERT_RETENTION, v));
    if ((v = blankToNull(env.get(ENV_COMPRESS_AFTER))) != null) b.compressAfter(parseDuration(ENV_COMPRESS_AFTER, v));
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("storage settings from the environment: " + e.getMessage(), e);
    }
  }

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  /** {@code 500ms}, {@code 30s}, {@code 15m}, {@code 12h}, {@code 90d} or ISO-8601 ({@code P30D}, {@code PT12H}). */
  public static Duration parseDuration(String name, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT_DURATION.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms": return Duration.ofMillis(n);
        case "s": return Duration.ofSeconds(n);
        case "m": return Duration.ofMinutes(n);
        case "h": return Duration.ofHours(n);
        default: return Duration.ofDays(n);
      }
    }
    try {
      return Duration.parse(text.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(name + " must be a duration such as 90d, 12h, 30m, 10s or P30D, was '"
          + text + "'");
    }
  }

  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;\\s]*");
  private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@\\s]*):[^/@\\s]*@");

  /** {@code text} with passwords in JDBC URLs ({@code password=...}, {@code user:pass@}) masked. */
  public static String maskPasswords(String text) {
    if (text == null) return null;
    return URL_USERINFO.matcher(URL_PASSWORD.matcher(text).replaceAll("$1***")).replaceAll("$1:***@");
  }

  @Override
  public String toString() {
    return "StorageOptions[" + (embedded() ? "embedded PostgreSQL in " + embeddedDataDir
        + (embeddedPort == 0 ? "" : " on port " + embeddedPort) : maskPasswords(jdbcUrl) + " as " + user + ", password="
        + (password == null ? "none" : "***")) + ", spool " + spoolDir + ", retention " + retention
        + ", alert retention " + alertRetention + ", compress after " + compressAfter + "]";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static void between(String name, Duration d, Duration min, Duration max) {
    Objects.requireNonNull(d, name);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + d);
    }
  }

  private static void between(String name, int v, int min, int max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + v);
    }
  }

  /** Starts from the defaults; {@link #build()} checks the bounds. */
  public static final class Builder {
    private String jdbcUrl;
    private String user;
    private String password;
    private Path embeddedDataDir;
    private int embeddedPort;
    private Path spoolDir;
    private Path secretKeyFile;
    private Duration retention = Duration.ofDays(90);
    private Duration alertRetention = Duration.ofDays(365);
    private Duration compressAfter = Duration.ofDays(7);
    private Duration retentionCheckInterval = Duration.ofHours(1);
    private int occupancyBuffer = 200_000;
    private int statusBuffer = 10_000;
    private int batchSize = 5_000;
    private int poolSize = 8;
    private Duration flushInterval = Duration.ofMillis(500);
    private Duration statementTimeout = Duration.ofSeconds(15);
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration startTimeout = Duration.ofSeconds(60);
    private Duration closeTimeout = Duration.ofSeconds(10);

    private Builder(Path dataDir) {
      dataDir(dataDir);
    }

    /**
     * Puts the embedded server's data in {@code <dir>/pg}, the spool in {@code <dir>/spool} and the key
     * that seals camera passwords in {@code <dir>/secret.key}.
     */
    public Builder dataDir(Path dir) {
      this.embeddedDataDir = dir.resolve("pg");
      this.spoolDir = dir.resolve("spool");
      this.secretKeyFile = dir.resolve(SecretKeys.FILE_NAME);
      return this;
    }

    /** An external PostgreSQL or TimescaleDB instead of the embedded server. */
    public Builder database(String jdbcUrl, String user, String password) {
      this.jdbcUrl = jdbcUrl;
      this.user = user;
      this.password = password;
      return this;
    }

    public Builder embeddedDataDir(Path dir) {
      this.embeddedDataDir = dir;
      return this;
    }

    public Builder embeddedPort(int port) {
      this.embeddedPort = port;
      return this;
    }

    public Builder spoolDir(Path dir) {
      this.spoolDir = dir;
      return this;
    }

    public Builder secretKeyFile(Path file) {
      this.secretKeyFile = file;
      return this;
    }

    public Builder retention(Duration d) {
      this.retention = d;
      return this;
    }

    public Builder alertRetention(Duration d) {
      this.alertRetention = d;
      return this;
    }

    public Builder compressAfter(Duration d) {
      this.compressAfter = d;
      return this;
    }

    public Builder retentionCheckInterval(Duration d) {
      this.retentionCheckInterval = d;
      return this;
    }

    public Builder occupancyBuffer(int n) {
      this.occupancyBuffer = n;
      return this;
    }

    public Builder statusBuffer(int n) {
      this.statusBuffer = n;
      return this;
    }

    public Builder batchSize(int n) {
      this.batchSize = n;
      return this;
    }

    public Builder poolSize(int n) {
      this.poolSize = n;
      return this;
    }

    public Builder flushInterval(Duration d) {
      this.flushInterval = d;
      return this;
    }

    public Builder statementTimeout(Duration d) {
      this.statementTimeout = d;
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = d;
      return this;
    }

    public Builder startTimeout(Duration d) {
      this.startTimeout = d;
      return this;
    }

    public Builder closeTimeout(Duration d) {
      this.closeTimeout = d;
      return this;
    }

    public StorageOptions build() {
      return new StorageOptions(jdbcUrl, user, password, embeddedDataDir, embeddedPort, spoolDir, retention,
          alertRetention, compressAfter, retentionCheckInterval, occupancyBuffer, statusBuffer, batchSize, poolSize,
          flushInterval, statementTimeout, connectTimeout, startTimeout, closeTimeout, secretKeyFile);
    }
  }
}
