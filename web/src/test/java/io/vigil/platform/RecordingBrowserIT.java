package io.vigil.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.config.VigilConfig;
import io.vigil.testing.TestChromium;
import io.vigil.testing.TestPostgres;
import io.vigil.testing.TestSharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Recording end to end on the real platform in real Chromium: an H.264 camera in events mode, the real
 * analytics raises an alert, the recorder writes the clip around it (packet copy), the inbox plays it
 * inline (its currentTime advances), the camera page's timeline plays from a point, and a chosen range
 * downloads as one MP4 that ffprobe reads with the range's duration.
 */
class RecordingBrowserIT {
  private static final Path SCREENSHOTS = Path.of(System.getProperty("vigil.root", "."), "web/target/screenshots");

  @TempDir Path dir;
  private Vertx vertx;
  private Platform platform;
  private WebDriver driver;
  private TestPostgres pg;
  private final PrintStream originalOut = System.out;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stop() throws Exception {
    System.setOut(originalOut);
    if (driver != null) driver.quit();
    if (platform != null) platform.close().await(60, TimeUnit.SECONDS);
    if (vertx != null) vertx.close().await(30, TimeUnit.SECONDS);
    if (pg != null) pg.close();
  }

  @Test
  void anAlertsClipPlaysInTheInboxAndARangeDownloadsAsOneMp4() throws Exception {
    Path clip = TestSharedFiles.require("data/sample-clips/one-by-one-person-detection.mp4");
    Path model = TestSharedFiles.require("models/yolox-nano/yolox_nano.onnx");
    pg = TestPostgres.create();
    Path cfgFile = dir.resolve("cameras.yml");
    // Capacity 0 for 2 s: the first person seen opens the alert; 4 s of pre-roll, 2 s of post-roll.
    Files.writeString(cfgFile, """
        server: {bind: 127.0.0.1, http_port: 0}
        database: {url: %s, user: %s}
        data_dir: %s
        detector: {model: %s}
        recording: {segment: 2s}
        alerts: {clear_after: 3s}
        cameras:
          - id: ward
            name: Ward entrance
            site: Site 1
            location: {lat: 1.0, lon: 2.0}
            detect: {replay: %s, loop: true}
            record: {mode: events, pre_roll: 4s, post_roll: 2s}
            zones:
              - {id: corridor, polygon: [[0, 0], [1, 0], [1, 1], [0, 1]], capacity: 0, capacity_for: 2s}
        """.formatted(pg.url, TestPostgres.USER, dir.resolve("data"), model, clip));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    System.setOut(new PrintStream(console, true, "UTF-8"));
    vertx = Vertx.vertx();
    platform = Platform.start(vertx, VigilConfig.load(cfgFile)).await(3, TimeUnit.MINUTES);
    System.setOut(originalOut);
    String adminPassword = FirstAdminPassword.from(console.toString("UTF-8"));
    String base = "http://127.0.0.1:" + platform.httpPort();

    driver = TestChromium.start(Files.createDirectories(dir.resolve("chromium")));
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(90));
    driver.get(base + "/login.html");
    wait.until(d -> d.findElement(By.id("username")).isDisplayed());
    driver.findElement(By.id("username")).sendKeys("admin");
    driver.findElement(By.id("password")).sendKeys(adminPassword);
    driver.findElement(By.id("sign-in")).click();
    wait.until(d -> d.findElements(By.id("whoami")).size() == 1);
    String cookie = driver.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
        .collect(Collectors.joining("; "));

    // A real alert, and its clip on disk: the pre-roll segment and the one after.
    JsonObject alert = await(Duration.ofSeconds(120), "a crowd alert", () -> {
      JsonArray items = new JsonObject(get(base + "/api/v1/alerts?camera=ward", cookie).body()).getJsonArray("items");
      for (int i = 0; i < items.size(); i++) {
        if (items.getJsonObject(i).getString("zoneId") != null) return items.getJsonObject(i);
      }
      return null;
    });
    String id = alert.getString("id");
    JsonObject clipJson = await(Duration.ofSeconds(60), "the clip's segments and boxes", () -> {
      JsonObject c = new JsonObject(get(base + "/api/v1/alerts/" + id + "/clip", cookie).body());
      return c.getJsonArray("segments").size() >= 3 && !c.getJsonArray("tracks").isEmpty() ? c : null;
    });
    assertTrue(Instant.ofEpochMilli(clipJson.getJsonArray("tracks").getJsonArray(0).getLong(0))
        .isBefore(Instant.parse(clipJson.getString("opened"))), "the pre-roll's boxes are stored too");
    Instant opened = Instant.parse(clipJson.getString("opened"));
    Instant firstStart = Instant.parse(clipJson.getJsonArray("segments").getJsonObject(0).getString("start"));
    assertTrue(!firstStart.isAfter(opened.minusSeconds(2)), "the clip starts before the alert (pre-roll): "
        + Duration.between(firstStart, opened).toMillis() + " ms");

    // The inbox plays it inline.
    driver.get(base + "/alerts.html?camera=ward");
    By row = By.cssSelector("tr[data-alert='" + id + "']");
    WebElement r = wait.until(d -> d.findElements(row).isEmpty() ? null : d.findElement(row));
    r.findElement(By.cssSelector("button.clip-play")).click();
    WebElement video = wait.until(d -> d.findElements(By.cssSelector("video[data-alert='" + id + "']")).isEmpty() ? null
        : d.findElement(By.cssSelector("video[data-alert='" + id + "']")));
    wait.until(d -> ((Number) js("return arguments[0].currentTime;", video)).doubleValue() > 1.0);
    // The boxes stored while it was recorded are drawn over it (the person in the corridor).
    WebElement boxes = driver.findElement(By.cssSelector("canvas.rec-boxes[data-alert='" + id + "']"));
    wait.until(d -> boxes.getAttribute("data-boxes") != null && !"0".equals(boxes.getAttribute("data-boxes")));
    screenshot("recording-clip");

    // The camera page's timeline shows the recording and plays from a point.
    driver.get(base + "/camera.html?id=ward");
    WebElement bar = wait.until(d -> {
      WebElement b = d.findElement(By.id("rec-timeline"));
      return b.getAttribute("data-segments") != null && !"0".equals(b.getAttribute("data-segments")) ? b : null;
    });
    assertTrue(!driver.findElements(By.cssSelector("#rec-timeline .rec-alert")).isEmpty(), "the alert is marked");
    WebElement range = driver.findElement(By.cssSelector("#rec-timeline .rec-range"));
    js("const r = arguments[0].getBoundingClientRect(); arguments[1].dispatchEvent(new MouseEvent('click', "
        + "{clientX: r.left + r.width / 2, clientY: r.top + 2, bubbles: true}));", range, bar);
    WebElement player = driver.findElement(By.id("rec-video"));
    wait.until(d -> ((Number) js("return arguments[0].currentTime;", player)).doubleValue() > 0.5);
    screenshot("recording-timeline");

    // A download of 3 s from the clip's first segment: one MP4 of 3 s (±1 s).
    String download = base + "/api/v1/cameras/ward/recording.mp4?from=" + firstStart + "&to=" + firstStart.plusSeconds(3);
    HttpResponse<byte[]> mp4 = http.send(HttpRequest.newBuilder(URI.create(download)).header("Cookie", cookie)
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, mp4.statusCode());
    Path file = dir.resolve("download.mp4");
    Files.write(file, mp4.body());
    assertEquals(3.0, probeDuration(file), 1.0);
  }

  private interface Probe<T> {
    T get() throws Exception;
  }

  private static <T> T await(Duration max, String what, Probe<T> probe) throws Exception {
    long end = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < end) {
      T v = probe.get();
      if (v != null) return v;
      Thread.sleep(500);
    }
    throw new AssertionError("not within " + max + ": " + what);
  }

  private HttpResponse<String> get(String url, String cookie) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).timeout(Duration.ofSeconds(30))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private void screenshot(String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(f.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static double probeDuration(Path file) throws Exception {
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
        file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return Double.parseDouble(out);
  }
}
