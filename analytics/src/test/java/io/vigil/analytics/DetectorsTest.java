package io.vigil.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class DetectorsTest {

  @Test
  void missingModelFallsBackToHogAndWarnsOnce() {
    // Without a System.Logger provider on the test class path, System.Logger goes to java.util.logging.
    Logger jul = Logger.getLogger(Detectors.class.getName());
    List<LogRecord> records = new ArrayList<>();
    Handler capture = new Handler() {
      @Override public void publish(LogRecord r) { records.add(r); }
      @Override public void flush() {}
      @Override public void close() {}
    };
    jul.addHandler(capture);
    try {
      Detectors detectors = new Detectors();
      AnalyticsSettings missing = AnalyticsSettings.defaults().withModel(Path.of("no/such/model.onnx"));
      try (PersonDetector a = detectors.create(missing);
          PersonDetector b = detectors.create(AnalyticsSettings.defaults())) {
        assertInstanceOf(HogPeopleDetector.class, a);
        assertInstanceOf(HogPeopleDetector.class, b);
        assertFalse(a.detectsVehicles());
      }
      assertEquals(1, records.size());
      assertEquals(Level.WARNING, records.get(0).getLevel());
      assertTrue(records.get(0).getMessage().contains("no/such/model.onnx"), records.get(0).getMessage());
      assertTrue(records.get(0).getMessage().contains("HOG"));
    } finally {
      jul.removeHandler(capture);
    }
  }

  @Test
  void hogFindsNobodyInAnEmptyFrame() {
    try (PersonDetector hog = new Detectors().create(AnalyticsSettings.defaults());
        Mat grey = new Mat(480, 640, CV_8UC3, new Scalar(128, 128, 128, 0))) {
      assertTrue(hog.detect(grey, null).isEmpty());
    }
  }

  @Test
  void eachThreadGetsItsOwnDetector() throws Exception {
    Detectors detectors = new Detectors();
    AnalyticsSettings s = AnalyticsSettings.defaults();
    PersonDetector mine = detectors.forCurrentThread(s);
    assertSame(mine, detectors.forCurrentThread(s));
    PersonDetector[] other = new PersonDetector[1];
    Thread t = new Thread(() -> other[0] = detectors.forCurrentThread(s));
    t.start();
    t.join();
    assertTrue(other[0] != mine);
  }
}
