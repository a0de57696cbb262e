package io.vigil.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vigil.config.VigilConfig;
import io.vigil.ingest.testing.TestRtspServer;
import io.vigil.ingest.testing.TestStallingProxy;
import io.vigil.testing.TestChromium;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue #14: a disabled camera is never connected to, whoever looks at it. Two real loopback RTSP
 * cameras (a GStreamer server serving real H.264, each behind a proxy that counts connections), one
 * disabled in the file and one registered disabled through the API; Chromium shows the grid and both
 * camera pages for 30 s, and neither camera sees a single connection. Enabling the registered one
 * through the API connects to it within 5 s; the file's camera still sees none.
 */
class DisabledCameraBrowserIT {
  private static final Path SHARED = Path.of(System.getProperty("vigil.shared", "../shared"));
  private static final Path SCREENSHOTS = Path.of(System.getProperty("vigil.root", "."), "web/target/screenshots");
  /** The figures: watched for 30 s without a connection, connected within 5 s of enabling. */
  private static final Duration WATCHED = Duration.ofSeconds(30);
  private static final Duration ENABLE_WITHIN = Duration.ofSeconds(5);

  @TempDir Path dir;
  private Vertx vertx;
  private Platform platform;
  private WebDriver driver;
  private final HttpClient http = HttpClient.newHttpClient();
  private String cookie;
  private String csrf;
  private final PrintStream originalOut = System.out;

  @AfterEach
  void stop() throws Exception {
    System.setOut(originalOut);
    if (driver != null) driver.quit();
    if (platform != null) platform.close().await(60, TimeUnit.SECONDS);
    if (vertx != null) vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void aDisabledCameraIsNeverDialledUntilItIsEnabled() throws Exception {
    Path clip = SHARED.resolve("data/sample-clips/one-by-one-person-detection.mp4");
    Path model = SHARED.resolve("models/yolox-nano/yolox_nano.onnx");
    assertTrue(Files.isRegularFile(clip) && Files.isRegularFile(model),
        "needs ../shared (the sample clip and the YOLOX model): " + SHARED.toAbsolutePath());
    try (TestRtspServer cameras = new TestRtspServer().h264("cam", clip).start();
        TestStallingProxy fileCamera = new TestStallingProxy(cameras.port());
        TestStallingProxy apiCamera = new TestStallingProxy(cameras.port())) {
      Path cfgFile = dir.resolve("cameras.yml");
      Files.writeString(cfgFile, """
          server: {bind: 127.0.0.1, http_port: 0}
          data_dir: %s
          detector: {model: %s}
          # The test's cameras are on loopback, which only an operator's allow-list admits.
          registration: {allowed_networks: [127.0.0.0/8]}
          cameras:
            - id: gate-file
              name: Gate (file, disabled)
              site: Checkpoint
              type: checkpoint
              enabled: false
              detect: {url: "%s"}
          """.formatted(dir.resolve("data"), model, fileCamera.uri("cam")));
      ByteArrayOutputStream console = new ByteArrayOutputStream();
      System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
      vertx = Vertx.vertx();
      platform = Platform.start(vertx, VigilConfig.load(cfgFile)).await(3, TimeUnit.MINUTES);
      System.setOut(originalOut);
      String adminPassword = FirstAdminPassword.from(console.toString(StandardCharsets.UTF_8));
      assertTrue(adminPassword != null, "the first start says where the generated admin password is");
      login(adminPassword);

      JsonObject registered = new JsonObject().put("name", "Gate (API, disabled)").put("site", "Checkpoint")
          .put("type", "checkpoint").put("url", apiCamera.uri("cam").toString()).put("enabled", false);
      HttpResponse<String> created = send("POST", "/api/v1/cameras", registered.copy().put("id", "gate-api"));
      assertEquals(201, created.statusCode(), created.body());
      assertEquals(0, apiCamera.connections(), "registering a disabled camera does not probe it");

      driver = TestChromium.start(Files.createDirectories(dir.resolve("chromium")), "en");
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
      String base = "http://127.0.0.1:" + platform.httpPort();
      driver.get(base + "/login.html");
      wait.until(d -> d.findElement(By.id("username")).isDisplayed());
      driver.findElement(By.id("username")).sendKeys("admin");
      driver.findElement(By.id("password")).sendKeys(adminPassword);
      driver.findElement(By.id("sign-in")).click();
      wait.until(d -> d.findElements(By.id("whoami")).size() == 1);

      long slice = WATCHED.toMillis() / 3;
      driver.get(base + "/index.html");
      for (String id : new String[] {"gate-file", "gate-api"}) {
        By tile = By.cssSelector(".tile[data-camera='" + id + "'][data-enabled='false']");
        wait.until(d -> d.findElements(tile).size() == 1);
        assertEquals("Disabled", driver.findElement(tile).findElement(By.cssSelector(".nofeed")).getText());
        assertEquals("disabled", driver.findElement(tile).findElement(By.cssSelector(".badge")).getText());
      }
      Thread.sleep(slice);
      assertNoLiveRequests("grid");
      screenshot("disabled-grid");
      for (String id : new String[] {"gate-file", "gate-api"}) {
        driver.get(base + "/camera.html?id=" + id);
        wait.until(d -> d.findElement(By.id("nofeed")).getText().equals("Disabled"));
        Thread.sleep(slice);
        assertNoLiveRequests("camera page of " + id);
        screenshot("disabled-camera-" + id);
      }
      assertEquals(0, fileCamera.connections(), "the file's disabled camera was never connected to");
      assertEquals(0, apiCamera.connections(), "the registered disabled camera was never connected to");
      assertEquals(409, send("GET", "/api/v1/cameras/gate-file/frame.jpg", null).statusCode());

      // The PUT answers once the probe has measured the stream (a few seconds); the connection is
      // watched for while it runs.
      long enabledAt = System.nanoTime();
      CompletableFuture<HttpResponse<String>> enabling =
          sendAsync("PUT", "/api/v1/cameras/gate-api", registered.copy().put("enabled", true));
      while (apiCamera.connections() == 0 && System.nanoTime() - enabledAt < ENABLE_WITHIN.toNanos()) {
        Thread.sleep(20);
      }
      long after = (System.nanoTime() - enabledAt) / 1_000_000;
      System.out.println("enabled camera: first connection after " + after + " ms");
      assertTrue(apiCamera.connections() >= 1, "the enabled camera was connected to within " + ENABLE_WITHIN);
      HttpResponse<String> enabled = enabling.get(60, TimeUnit.SECONDS);
      assertEquals(200, enabled.statusCode(), enabled.body());
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      String state = null;
      while (!"online".equals(state) && System.nanoTime() < deadline) {
        JsonObject status = new JsonObject(send("GET", "/api/v1/cameras/gate-api", null).body()).getJsonObject("status");
        state = status == null ? null : status.getString("state");
        Thread.sleep(200);
      }
      assertEquals("online", state, "the enabled camera is pulled");
      assertEquals(0, fileCamera.connections(), "the file's disabled camera still was not");
    }
  }

  /** The page asked for no snapshot and opened no live video socket (which would add a video element). */
  private void assertNoLiveRequests(String where) {
    Object frames = js("return performance.getEntriesByType('resource').filter(e => e.name.includes('/frame.jpg')).length;");
    assertEquals(0L, ((Number) frames).longValue(), where + ": no snapshot was requested");
    Object videos = js("return document.querySelectorAll('video.live-video').length;");
    assertEquals(0L, ((Number) videos).longValue(), where + ": no live video socket was opened");
  }

  private Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private void screenshot(String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(f.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private void login(String password) throws Exception {
    HttpResponse<String> r = send("POST", "/api/v1/auth/login",
        new JsonObject().put("username", "admin").put("password", password));
    assertEquals(200, r.statusCode(), r.body());
    cookie = r.headers().allValues("set-cookie").stream().map(c -> c.split(";")[0])
        .filter(c -> c.startsWith("vigil_session=")).findFirst().orElseThrow();
    csrf = new JsonObject(r.body()).getString("csrfToken");
  }

  private HttpResponse<String> send(String method, String path, JsonObject body) throws Exception {
    return http.send(request(method, path, body), HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> sendAsync(String method, String path,
      JsonObject body) {
    return http.sendAsync(request(method, path, body), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String method, String path, JsonObject body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.httpPort() + path))
        .timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) b.header("Content-Type", "application/json");
    if (cookie != null) b.header("Cookie", cookie).header("X-CSRF-Token", csrf);
    return b.build();
  }
}
