package io.vigil.web.api;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The live video fan-out benchmark, not a test: it asserts nothing and runs only when named:
 *
 * <pre>mvn -o -q -B -pl web -am verify -Dit.test=LiveVideoBench -Dtest=none \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 *
 * One 720p H.264 camera (10 fps, 1 s GOP, replayed at real time) watched by 1, 10, 25 and 50
 * WebSocket viewers through the real route: one remux serves them all. Server CPU is the thread CPU
 * time of the remux thread and the Vert.x event loops (the viewers' own threads are left out), so the
 * cost per added viewer is the server's; and how late fragments reach the viewers (arrival less the
 * time the frame entered Vigil: delivery, without the browser's playout). Then one viewer that stops reading: it must lose fragments,
 * not grow memory. Results go to stdout and {@code web/target/live-video-bench.txt}; measuring time
 * per step: {@code vigil.bench.seconds} (default 20).
 */
class LiveVideoBench {
  private static final int SECONDS = Integer.getInteger("vigil.bench.seconds", 20);
  private static final int[] VIEWERS = {1, 10, 25, 50};

  /**
   * A viewer that counts what it gets and how late each fragment arrives: its arrival less the time
   * its frame entered Vigil (the start's epoch plus the fragment's decode time). {@code reading} false
   * stops asking for more.
   */
  static final class Viewer implements WebSocket.Listener {
    final AtomicLong fragments = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final Queue<Long> delays;
    final boolean reading;
    WebSocket ws;
    private long epoch;
    private long timescale;
    private boolean midMessage;

    Viewer(boolean reading, Queue<Long> delays) {
      this.reading = reading;
      this.delays = delays;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      long now = System.currentTimeMillis();
      bytes.addAndGet(data.remaining());
      if (!midMessage) {
        int mdhd = find(data, "mdhd");
        int tfdt = find(data, "tfdt");
        if (mdhd >= 0) {
          timescale = Integer.toUnsignedLong(data.getInt(mdhd + 4 + (data.get(mdhd + 4) == 1 ? 20 : 12)));
        } else if (tfdt >= 0 && timescale > 0) {
          long t = data.get(tfdt + 4) == 1 ? data.getLong(tfdt + 8) : Integer.toUnsignedLong(data.getInt(tfdt + 8));
          delays.add(now - (epoch + t * 1000 / timescale));
        }
      }
      midMessage = !last;
      if (last) fragments.incrementAndGet();
      if (reading) ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      epoch = new io.vertx.core.json.JsonObject(data.toString()).getLong("epoch");
      ws.request(1);
      return null;
    }

    /** Where the box type sits (its size is the 4 bytes before), or -1. */
    private static int find(ByteBuffer b, String type) {
      byte[] t = type.getBytes(StandardCharsets.US_ASCII);
      for (int i = b.position() + 4; i + 4 <= Math.min(b.limit(), b.position() + 4096); i++) {
        if (b.get(i) == t[0] && b.get(i + 1) == t[1] && b.get(i + 2) == t[2] && b.get(i + 3) == t[3]) return i;
      }
      return -1;
    }
  }

  @Test
  void run() throws Exception {
    StringBuilder report = new StringBuilder();
    try (WebHarness h = new WebHarness(true)) {
      LiveFixtures.add(h, "cam-720p", LiveFixtures.h264At720p());
      WebHarness.Session admin = h.login("admin1");
      URI uri = URI.create(h.base().replace("http:", "ws:") + "/api/v1/cameras/cam-720p/live");
      List<Viewer> viewers = new ArrayList<>();
      Queue<Long> delays = new ConcurrentLinkedQueue<>();
      line(report, "viewers | server CPU ms/s (remux + event loops) | remux ms/s | event loops ms/s | min fragments/s per viewer"
          + " | MB/s sent | delivery ms median / p99 / max");
      double firstCpu = 0;
      for (int n : VIEWERS) {
        while (viewers.size() < n) viewers.add(open(h, admin, uri, true, delays));
        Thread.sleep(5_000);
        delays.clear();
        long[] before = cpu();
        long[] frags = viewers.stream().mapToLong(v -> v.fragments.get()).toArray();
        long bytes0 = viewers.stream().mapToLong(v -> v.bytes.get()).sum();
        Thread.sleep(SECONDS * 1000L);
        long[] after = cpu();
        double remux = (after[0] - before[0]) / 1e6 / SECONDS;
        double loops = (after[1] - before[1]) / 1e6 / SECONDS;
        double minFps = Double.MAX_VALUE;
        for (int i = 0; i < frags.length; i++) {
          minFps = Math.min(minFps, (viewers.get(i).fragments.get() - frags[i]) / (double) SECONDS);
        }
        double mbps = (viewers.stream().mapToLong(v -> v.bytes.get()).sum() - bytes0) / 1e6 / SECONDS;
        if (n == 1) firstCpu = remux + loops;
        List<Long> d = new ArrayList<>(delays);
        Collections.sort(d);
        line(report, "%d | %.1f | %.1f | %.1f | %.1f | %.2f | %d / %d / %d", n, remux + loops, remux, loops, minFps, mbps,
            d.get(d.size() / 2), d.get(d.size() * 99 / 100), d.get(d.size() - 1));
        if (n > 1) line(report, "  CPU per added viewer (1 -> %d): %.2f ms/s", n, (remux + loops - firstCpu) / (n - 1));
      }
      line(report, "remux threads running: %d", h.web.video().remuxes());

      Viewer stuck = open(h, admin, uri, false, new ConcurrentLinkedQueue<>());
      Thread.sleep(SECONDS * 1000L);
      long got = stuck.fragments.get();
      stuck.ws.abort();
      viewers.forEach(v -> v.ws.abort());
      Thread.sleep(1_000);
      String dropped = h.metrics.scrape().lines().filter(l -> l.startsWith("vigil_web_live_video_dropped_total"))
          .findFirst().orElse("none");
      line(report, "a viewer that stopped reading for %d s: got %d fragments, then %s", SECONDS, got, dropped);
    }
    Path out = Path.of(System.getProperty("vigil.root", "."), "web/target/live-video-bench.txt");
    Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
  }

  private static Viewer open(WebHarness h, WebHarness.Session s, URI uri, boolean reading, Queue<Long> delays)
      throws Exception {
    Viewer v = new Viewer(reading, delays);
    v.ws = h.http.newWebSocketBuilder().header("Cookie", s.cookie()).buildAsync(uri, v).get(30, TimeUnit.SECONDS);
    return v;
  }

  /** Thread CPU ns of the remux threads and of the Vert.x event loops. */
  private static long[] cpu() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long remux = 0;
    long loops = 0;
    for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t == null) continue;
      long ns = mx.getThreadCpuTime(t.getThreadId());
      if (ns < 0) continue;
      if (t.getThreadName().startsWith("vigil-live-")) remux += ns;
      else if (t.getThreadName().startsWith("vert.x-eventloop-thread-")) loops += ns;
    }
    return new long[] {remux, loops};
  }

  private static void line(StringBuilder report, String format, Object... args) {
    String s = String.format(format, args);
    System.out.println("LIVE-BENCH " + s);
    report.append(s).append('\n');
  }
}
