package io.vigil.ingest;

import java.lang.System.Logger.Level;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * Routes FFmpeg's log (process-wide in FFmpeg) to System.Logger and to the ring of the camera whose
 * grab thread logged it: FFmpeg logs on the thread that calls it, and each camera has its own thread.
 * Public for the live remux, whose threads keep rings of their own.
 */
public final class FfmpegLog extends LogCallback {
  private static final System.Logger LOG = System.getLogger("io.vigil.ingest.ffmpeg");
  private static final ThreadLocal<LogRing> RING = new ThreadLocal<>();
  // "[tcp @ 0x7f96d43f3b00] Connection refused" reads "tcp: Connection refused": the address is noise.
  private static final Pattern CONTEXT = Pattern.compile("^\\[([\\w-]+) @ 0x[0-9a-f]+] ");
  // Held for the life of the process: FFmpeg keeps the native pointer to this callback.
  private static FfmpegLog installed;

  private FfmpegLog() {}

  public static synchronized void install() {
    if (installed != null) return;
    installed = new FfmpegLog();
    // Warnings and errors explain failures; info would log every stream's details on each connect.
    avutil.av_log_set_level(avutil.AV_LOG_WARNING);
    // setLogCallback, not av_log_set_callback: JavaCPP's trampoline formats FFmpeg's varargs
    // message before calling Java; passing a Java callback to av_log_set_callback crashes the JVM.
    avutil.setLogCallback(installed);
  }

  /** Sends the calling thread's FFmpeg lines to this ring (null to stop). */
  public static void attach(LogRing ring) {
    if (ring == null) RING.remove();
    else RING.set(ring);
  }

  @Override
  public void call(int level, BytePointer msg) {
    String line = CredentialMask.mask(CONTEXT.matcher(msg.getString().strip()).replaceFirst("$1: "));
    if (line.isEmpty()) return;
    LogRing ring = RING.get();
    if (ring != null) {
      // A camera's lines go to its ring and its status; its grab loop logs the failure once, so a
      // camera that stays down does not repeat FFmpeg's error in the log at every retry.
      ring.add(line);
      LOG.log(Level.DEBUG, "ffmpeg: {0}", line);
    } else {
      LOG.log(level <= avutil.AV_LOG_ERROR ? Level.WARNING : Level.DEBUG, "ffmpeg: {0}", line);
    }
  }
}
