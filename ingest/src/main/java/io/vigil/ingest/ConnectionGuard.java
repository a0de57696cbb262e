package io.vigil.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last check before Vigil opens a connection of its own: camera streams (ingest, live video,
 * probes), webhooks and MQTT all pass through {@link #destination}. In production it lets through
 * whatever the callers' own rules allowed (the {@link StreamAddressPolicy} for cameras, the
 * operator's file for brokers and receivers).
 *
 * <p>With {@code -Dvigil.network=loopback-only} (every test JVM sets it) it refuses any destination
 * outside 127.0.0.0/8 and ::1 before a socket is opened, logs the refusal and counts it, so that a test
 * which would reach past the machine fails instead of sending traffic. It then also resolves names
 * itself, so that FFmpeg is handed an address and never looks a name up on its own: the test JVMs
 * pair it with {@code -Djdk.net.hosts.file}, which makes the JDK answer from a file that knows only
 * {@code localhost}, so that no DNS query leaves the machine either.
 *
 * <p>Thread-safe; called from grab threads, remux threads and event loops (a literal address or
 * {@code localhost} never blocks on DNS).
 */
public final class ConnectionGuard {
  /** The switch: {@value #LOOPBACK_ONLY} refuses everything but loopback. */
  public static final String PROPERTY = "vigil.network";
  public static final String LOOPBACK_ONLY = "loopback-only";
  /** Where refusals are appended as well, one per line, so that child JVMs' refusals are seen too. */
  public static final String LOG_PROPERTY = "vigil.network.refusals";
  private static final String HOSTS_PROPERTY = "jdk.net.hosts.file";
  private static final int REMEMBERED = 20;

  private static final System.Logger LOG = System.getLogger(ConnectionGuard.class.getName());
  private static final AtomicLong REFUSED = new AtomicLong();
  private static final ConcurrentLinkedQueue<String> RECENT = new ConcurrentLinkedQueue<>();

  private ConnectionGuard() {}

  /** Whether only loopback destinations are allowed (the test setting). */
  public static boolean loopbackOnly() {
    return LOOPBACK_ONLY.equals(System.getProperty(PROPERTY));
  }

  /**
   * Admits a connection to {@code host} for {@code purpose} ("camera gate-north", "webhook", ...).
   *
   * @param checked the address the caller already resolved and checked, or null
   * @return the address to connect to: {@code checked}, or, when guarding and nothing was checked, the
   *         loopback address the host resolved to; null when not guarding and nothing was checked (the
   *         caller connects to the host by name)
   * @throws ConnectException when guarding and the destination is not loopback (or cannot be resolved)
   */
  public static InetAddress destination(String purpose, String host, InetAddress checked) throws ConnectException {
    if (!loopbackOnly()) return checked;
    if (checked != null) {
      if (!checked.isLoopbackAddress()) throw refuse(purpose, host + " (" + checked.getHostAddress() + ")");
      return checked;
    }
    String bare = host == null ? "" : host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(bare);
    } catch (UnknownHostException e) {
      throw refuse(purpose, bare + " (not a loopback name)");
    }
    for (InetAddress a : addresses) {
      if (!a.isLoopbackAddress()) throw refuse(purpose, bare + " (" + a.getHostAddress() + ")");
    }
    return addresses[0];
  }

  private static ConnectException refuse(String purpose, String destination) {
    long n = REFUSED.incrementAndGet();
    String line = Instant.now() + " " + purpose + " -> " + destination;
    RECENT.add(line);
    while (RECENT.size() > REMEMBERED) RECENT.poll();
    LOG.log(Level.ERROR, "network guard: refused {0} to {1} (only loopback is allowed here; refusal {2})",
        purpose, destination, n);
    String file = System.getProperty(LOG_PROPERTY);
    if (file != null) {
      try {
        Files.writeString(Path.of(file), line + System.lineSeparator(), StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("network guard: cannot record a refusal in " + file, e);
      }
    }
    return new ConnectException("refused by the network guard: " + destination + " is not loopback");
  }

  /** Destinations refused in this JVM since it started. */
  public static long refusals() {
    return REFUSED.get();
  }

  /** The latest refusals, oldest first, for a failure message. */
  public static List<String> recentRefusals() {
    return new ArrayList<>(RECENT);
  }

  /** The guard's settings as JVM options, for a child JVM a test starts. Empty when not guarding. */
  public static List<String> jvmOptions() {
    List<String> out = new ArrayList<>();
    for (String p : new String[] {PROPERTY, LOG_PROPERTY, HOSTS_PROPERTY}) {
      String v = System.getProperty(p);
      if (v != null) out.add("-D" + p + "=" + v);
    }
    return out;
  }
}
