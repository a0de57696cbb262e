package io.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.analytics.DetectorRuntime;
import io.vigil.ingest.StreamAddressPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's sections of {@code cameras.yml} (detector, registration, {@code alerts:}, {@code
 * storage:}): typed, strict and reported with the rest of the file. The cameras and the file's own
 * problems are {@link VigilConfigTest}'s.
 */
class PlatformSectionsTest {
  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    return ConfigFiles.write(dir, yaml);
  }

  private String problem(String yaml) throws IOException {
    return ConfigFiles.problem(dir, yaml);
  }

  @Test
  void detectorRuntimeDefaultsToOnnxRuntime() throws IOException {
    VigilConfig none = VigilConfig.load(write("cameras: []\n"));
    assertEquals(DetectorRuntime.ONNXRUNTIME, none.detector().runtime());
    VigilConfig modelOnly = VigilConfig.load(write("""
        detector: {model: models/yolox.onnx}
        cameras: []
        """));
    assertEquals(DetectorRuntime.ONNXRUNTIME, modelOnly.detector().runtime());
    VigilConfig named = VigilConfig.load(write("""
        detector: {runtime: onnxruntime}
        cameras: []
        """));
    assertEquals(DetectorRuntime.ONNXRUNTIME, named.detector().runtime());
  }

  @Test
  void badDetectorRuntimeIsRefusedWithTheChoices() throws IOException {
    assertEquals(":2: detector.runtime: must be onnxruntime or opencv, got 'tensorrt'", problem("""
        detector:
          runtime: tensorrt
        cameras: []
        """));
    assertTrue(problem("""
        detector:
          runtime: [opencv]
        cameras: []
        """).startsWith(":2: detector.runtime: must be a text value"));
  }

  @Test
  void registrationNetworksDefaultToTheBuiltInRules() throws Exception {
    VigilConfig c = VigilConfig.load(write("cameras: []\n"));
    assertEquals(List.of(), c.registration().allowedNetworks());
    assertNotNull(StreamAddressPolicy.allowing(c.registration().allowedNetworks()).refusal(InetAddress.getByName("127.0.0.1")));
  }

  @Test
  void registrationNetworksAreTyped() throws Exception {
    VigilConfig c = VigilConfig.load(write("""
        registration:
          allowed_networks: [10.20.0.0/16, "fd00::/8"]
        cameras: []
        """));
    assertEquals(List.of("10.20.0.0/16", "fd00::/8"), c.registration().allowedNetworks());
    assertNull(StreamAddressPolicy.allowing(c.registration().allowedNetworks()).refusal(InetAddress.getByName("10.20.1.2")));
    assertNotNull(StreamAddressPolicy.allowing(c.registration().allowedNetworks()).refusal(InetAddress.getByName("192.168.1.2")));
  }

  @Test
  void aBadRegistrationNetworkIsNamed() throws IOException {
    assertEquals(":2: registration.allowed_networks: '10.0.0.0/40' has a prefix length outside 0..32", problem("""
        registration:
          allowed_networks: [10.0.0.0/40]
        cameras: []
        """));
    assertTrue(problem("""
        registration:
          allowed_networks: 10.0.0.0/8
        cameras: []
        """).contains("registration.allowed_networks: must be a list"));
    assertTrue(problem("""
        registration:
          allowed_networks: [[10.0.0.0/8]]
        cameras: []
        """).contains("entries must be networks in CIDR form"));
  }

  @Test
  void theAlertsSectionIsTypedAndCheckedWithTheRestOfTheFile() throws IOException {
    Path f = write("""
        alerts:
          clear_after: 45s
          sites:
            Site A:
              webhooks:
                - url: http://127.0.0.1:9999/hook
                  secret: ${HOOK_SECRET}
        cameras: []
        """);
    AlertSettings a = VigilConfig.load(f, Map.of("HOOK_SECRET", "0123456789abcdef-secret")).alerts();
    assertEquals(Duration.ofSeconds(45), a.clearAfter());
    assertEquals("0123456789abcdef-secret", a.site("Site A").webhooks().get(0).secret());
    assertEquals(AlertSettings.defaults(), VigilConfig.load(write("cameras: []\n")).alerts());

    Path bad = write("""
        alerts:
          clear_after: soon
          colour: red
        cameras:
          - id: a
            detect: {url: "ftp://x/y"}
        """);
    ConfigException e = assertThrows(ConfigException.class, () -> VigilConfig.load(bad, Map.of()));
    String all = String.join("\n", e.problems());
    assertTrue(all.contains("alerts.clear_after"), all);
    assertTrue(all.contains("alerts.colour") || all.contains("colour"), all);
    assertTrue(all.contains("cameras[0]"), "the alerts: problems come with the rest of the file's: " + all);
  }

  @Test
  void theStorageSectionSetsRetentionAndCompression() throws IOException {
    VigilConfig c = VigilConfig.load(write("""
        storage:
          retention: 30d
          alert_retention: 400d
          compress_after: 12h
        cameras: []
        """));
    assertEquals(new StorageSettings(Duration.ofDays(30), Duration.ofDays(400), Duration.ofHours(12)), c.storage());
    assertEquals(StorageSettings.DEFAULT, VigilConfig.load(write("cameras: []\n")).storage());
    assertEquals(":2: storage.retention: must be between 3d and 3650d", problem("""
        storage:
          retention: 1d
        cameras: []
        """));
    assertTrue(problem("""
        storage:
          retain: 30d
        cameras: []
        """).contains("storage.retain"));
  }
}
