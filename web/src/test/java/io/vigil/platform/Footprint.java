package io.vigil.platform;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.bytedeco.javacpp.Pointer;

/**
 * What this process holds at one moment, for the soak: resident memory, the heap's live set after an
 * explicit collection, the memory outside the heap, JavaCPP's own count, threads and open files. Read
 * on the soak's thread; the collection it forces is part of the measurement.
 *
 * @param seconds       since the soak began
 * @param rss           resident set size ({@code VmRSS} of /proc/self/status)
 * @param heapAfterGc   heap in use right after {@code System.gc()}: the live set, not garbage waiting
 * @param heapCommitted heap the JVM has taken from the system (part of the RSS)
 * @param javacpp       bytes JavaCPP allocated and tracks ({@link Pointer#totalBytes()}); OpenCV's own
 *                      Mats are not in it, which is why the RSS is measured too
 * @param physical      JavaCPP's {@link Pointer#physicalBytes()}, its own reading of the RSS
 * @param threads       live JVM threads
 * @param fds           open file descriptors (/proc/self/fd): sockets, files, pipes
 */
record Footprint(double seconds, long rss, long heapAfterGc, long heapCommitted, long javacpp, long physical,
    long threads, long fds) {

  /** The memory outside the Java heap: FFmpeg, OpenCV, ONNX Runtime, thread stacks, metaspace, malloc arenas. */
  long nativeBytes() {
    return rss - heapCommitted;
  }

  static Footprint now(double seconds) throws IOException {
    System.gc();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return new Footprint(seconds, residentBytes(), heap.getUsed(), heap.getCommitted(), Pointer.totalBytes(),
        Pointer.physicalBytes(), ManagementFactory.getThreadMXBean().getThreadCount(),
        Objects.requireNonNull(Path.of("/proc/self/fd").toFile().list()).length);
  }

  private static long residentBytes() throws IOException {
    List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
    for (String line : status) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }
    throw new IOException("no VmRSS in /proc/self/status");
  }

  static String csvHeader() {
    return "seconds,rss_bytes,heap_after_gc_bytes,heap_committed_bytes,native_bytes,javacpp_bytes,physical_bytes,threads,fds";
  }

  String csv() {
    return String.join(",", String.valueOf(Math.round(seconds)), String.valueOf(rss), String.valueOf(heapAfterGc),
        String.valueOf(heapCommitted), String.valueOf(nativeBytes()), String.valueOf(javacpp), String.valueOf(physical),
        String.valueOf(threads), String.valueOf(fds));
  }
}
