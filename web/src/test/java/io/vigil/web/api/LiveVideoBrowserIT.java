package io.vigil.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.testing.TestChromium;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Live video in a real headless Chromium (Debian's chromium and chromium-driver): an H.264 camera
 * plays through MSE in a {@code <video>}; an MPEG-4 part 2 camera, which MSE cannot play, falls back
 * to JPEG snapshots. Prints the live-view latency it sees (frame entering Vigil to frame playing), for
 * BENCHMARKS.md; it asserts nothing about time.
 */
class LiveVideoBrowserIT {
  private static final Path SCREENSHOTS = Path.of(System.getProperty("vigil.root", "."), "web/target/screenshots");
  private static WebHarness h;
  private static WebDriver driver;
  private static WebDriverWait wait;
  private static Path profile;

  @BeforeAll
  static void start() throws Exception {
    h = new WebHarness(true);
    LiveFixtures.add(h, "cam-h264", LiveFixtures.h264At720p());
    LiveFixtures.add(h, "cam-pets", LiveFixtures.shared("pets09-s2l1/vtest.avi"));
    profile = Files.createTempDirectory("vigil-chromium");
    Files.createDirectories(SCREENSHOTS);
    driver = TestChromium.start(profile);
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    driver.get(h.base() + "/login.html");
    wait.until(d -> d.findElement(By.id("username")).isDisplayed());
    driver.findElement(By.id("username")).sendKeys("admin1");
    driver.findElement(By.id("password")).sendKeys(WebHarness.PASSWORD);
    driver.findElement(By.id("sign-in")).click();
    wait.until(d -> d.findElements(By.id("whoami")).size() == 1);
  }

  @AfterAll
  static void stop() throws Exception {
    if (driver != null) driver.quit();
    if (h != null) h.close();
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private static double currentTime(WebElement video) {
    return ((Number) js("return arguments[0].currentTime;", video)).doubleValue();
  }

  private static void screenshot(String name) throws Exception {
    File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(f.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void anH264CameraPlaysInAVideoElement() throws Exception {
    driver.get(h.base() + "/camera.html?id=cam-h264");
    WebElement video = wait.until(d -> {
      List<WebElement> v = d.findElements(By.cssSelector("video.live-video"));
      return v.size() == 1 && v.get(0).isDisplayed() ? v.get(0) : null;
    });
    double first = currentTime(video);
    // Playing, not just loaded: the clock of the picture moves on.
    wait.until(d -> currentTime(video) > first + 2);
    assertFalse(driver.findElement(By.id("frame")).isDisplayed(), "the snapshot gives way to the video");
    assertEquals(Boolean.TRUE, js("return !arguments[0].paused && arguments[0].videoWidth === 1280;", video));
    screenshot("live-video");

    // Latency: now, less the wall-clock time at which the frame now playing entered Vigil.
    List<Long> latency = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      latency.add(((Number) js("const v = arguments[0];"
          + "return Date.now() - (Number(v.dataset.epoch) + v.currentTime * 1000);", video)).longValue());
      Thread.sleep(250);
    }
    System.out.println("LIVE-LATENCY samples " + latency + "; buffered ranges " + js("const b = arguments[0].buffered;"
        + "const r = []; for (let i = 0; i < b.length; i++) r.push(b.start(i).toFixed(2) + '-' + b.end(i).toFixed(2));"
        + "return r.join(' ') + ' at ' + arguments[0].currentTime.toFixed(2);", video));
    Collections.sort(latency);
    System.out.printf("LIVE-LATENCY ms (720p H.264, 10 fps, 1 s GOP): min %d, median %d, p90 %d, max %d over %d samples%n",
        latency.get(0), latency.get(latency.size() / 2), latency.get(latency.size() * 9 / 10),
        latency.get(latency.size() - 1), latency.size());
  }

  @Test
  void aCodecMseCannotPlayFallsBackToSnapshots() throws Exception {
    driver.get(h.base() + "/camera.html?id=cam-pets");
    WebElement img = wait.until(d -> d.findElement(By.id("frame")));
    // The server says the codec is not playable and closes; the page removes its video.
    wait.until(d -> d.findElements(By.cssSelector("video.live-video")).isEmpty()
        && Boolean.TRUE.equals(js("const i = arguments[0]; return i.complete && i.naturalWidth > 0;", img)));
    String first = (String) js("return arguments[0].src;", img);
    wait.until(d -> !first.equals(js("return arguments[0].src;", img)));
    assertTrue(img.isDisplayed());
    screenshot("live-fallback");
  }
}
