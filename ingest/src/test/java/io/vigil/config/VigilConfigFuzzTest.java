package io.vigil.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Any file content, random or a mutation of a valid {@code cameras.yml}, loads or fails with a
 * {@link ConfigException} whose every problem names the file; nothing else escapes and nothing hangs.
 */
class VigilConfigFuzzTest {
  private static final String VALID = """
      server: {bind: 0.0.0.0, http_port: 9090}
      registration: {allowed_networks: [10.20.0.0/16]}
      defaults: {analytic_fps: 2}
      cameras:
        - id: gate-1
          name: North gate
          type: checkpoint
          location: {lat: 14.6, lon: 121.0}
          detect: {url: "rtsp://10.0.0.7:554/sub", username: admin, password: "${GATE1_PASSWORD}"}
          zones:
            - id: lane
              polygon: [[0, 0.2], [1, 0.2], [1, 1], [0, 1]]
              capacity: 8
              gathering: {min_people: 5, distance_m: 1.5, for: 1m}
              line: [[0.5, 0.2], [0.5, 1]]
        - id: ward-3
          detect: {replay: clips/ward.mp4, loop: false}
      """;
  private static final String[] TOKENS = {"{", "}", "[", "]", ":", ",", "-", "&a", "*a", "!!str", "'", "\"", "\n",
      "\n  ", "#", "|", ">", "%", "@", "`", "\t", "~", "null", "1e309", "-0", "NaN", ".inf", "\u0000", "\uFEFF",
      "\u202E", "${X}", "rtsp://a:b@c/", "127.0.0.1/8", "cameras:", "id:", "zones:", "polygon:", "?"};
  private static Path dir;

  @BeforeContainer
  static void createDir() throws IOException {
    dir = Files.createTempDirectory("vigil-config-fuzz");
  }

  @AfterContainer
  static void deleteDir() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) Files.delete(p);
    }
    Files.delete(dir);
  }

  @Property(tries = 1000)
  void mutatedFilesLoadOrFailWithProblems(@ForAll("mutations") String yaml) throws IOException {
    load(yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 300)
  void arbitraryBytesLoadOrFailWithProblems(@ForAll byte[] bytes) throws IOException {
    load(bytes);
  }

  private static void load(byte[] content) throws IOException {
    Path f = dir.resolve("cameras.yml");
    Files.write(f, content);
    // A guard against a parser that never returns, not a performance bound: loading takes milliseconds.
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      try {
        VigilConfig.load(f);
      } catch (ConfigException e) {
        assertFalse(e.problems().isEmpty());
        for (String p : e.problems()) assertTrue(p.startsWith(f.toString()) && p.length() > f.toString().length() + 2, p);
      }
    });
  }

  /** Replaces up to 12 characters at a position with a token. */
  private record Edit(int at, int length, String text) {
    String apply(String s) {
      int from = Math.min(at, s.length());
      return s.substring(0, from) + text + s.substring(Math.min(from + length, s.length()));
    }
  }

  @Provide
  Arbitrary<String> mutations() {
    Arbitrary<String> token = Arbitraries.oneOf(Arbitraries.of(TOKENS), Arbitraries.strings().ofMaxLength(8));
    Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, VALID.length()),
        Arbitraries.integers().between(0, 12), token).as(Edit::new);
    return edit.list().ofMinSize(1).ofMaxSize(6).map(edits -> {
      String s = VALID;
      for (Edit e : edits) s = e.apply(s);
      return s;
    });
  }
}
