package io.vigil.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineAnalyzerTest {

  @Test
  void parsesPolygons() {
    assertEquals(List.of(new Point(0, 0.2), new Point(1, 0.2), new Point(1, 1), new Point(0, 1)),
        OfflineAnalyzer.parsePolygon(" 0,0.2; 1 ,0.2;1,1 ;0,1 "));
  }

  @Test
  void rejectsBadPolygonsNamingTheProblem() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> OfflineAnalyzer.parsePolygon("0,0;1,0"))
        .getMessage().contains("at least 3"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> OfflineAnalyzer.parsePolygon("0,0;1;1,1"))
        .getMessage().contains("'1'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> OfflineAnalyzer.parsePolygon("0,0;a,1;1,1"))
        .getMessage().contains("'a,1'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> OfflineAnalyzer.parsePolygon("0,0;2,1;1,1"))
        .getMessage().contains("outside the frame"));
  }

  @Test
  void aFileThatIsNotAVideoFailsClearlyAndLeavesNoCsv(@TempDir Path dir) throws IOException {
    Path notVideo = Files.writeString(dir.resolve("notes.avi"), "not a video");
    Path csv = dir.resolve("counts.csv");
    PrintStream progress = new PrintStream(new ByteArrayOutputStream());
    IOException e = assertThrows(IOException.class,
        () -> OfflineAnalyzer.run(notVideo, csv, Optional.empty(), 1, (Path) null, progress));
    assertTrue(e.getMessage().contains("notes.avi"), e.getMessage());
    assertFalse(Files.exists(csv));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no partial file left behind");
    }
    assertThrows(IllegalArgumentException.class,
        () -> OfflineAnalyzer.run(notVideo, csv, Optional.empty(), 0, (Path) null, progress));
  }
}
