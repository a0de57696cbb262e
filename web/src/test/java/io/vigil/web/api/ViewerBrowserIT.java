package io.vigil.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.ingest.testing.TestRtspServer;
import io.vigil.store.Alert;
import io.vigil.store.AlertChange;
import io.vigil.testing.TestChromium;
import io.vigil.testing.TestSharedFiles;
import io.vigil.web.LiveFeed;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The viewer in a real headless Chromium (Debian's chromium and chromium-driver; Selenium never
 * downloads a driver). The platform side publishes overlays and alerts as ingest and analytics will.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ViewerBrowserIT {
  private static final Path SCREENSHOTS = Path.of(System.getProperty("vigil.root", "."), "web/target/screenshots");
  private static final String SAMPLE_CLIP = "data/sample-clips/one-by-one-person-detection.mp4";
  private static WebHarness h;
  private static WebDriver driver;
  private static WebDriverWait wait;
  private static Path profile;
  private static final ScheduledExecutorService camera = Executors.newSingleThreadScheduledExecutor();

  @BeforeAll
  static void start() throws Exception {
    h = new WebHarness(true);
    // Like the analysis thread of a camera: one overlay message per analysed frame.
    AtomicLong frame = new AtomicLong();
    camera.scheduleAtFixedRate(() -> {
      long n = frame.incrementAndGet();
      double x = 0.2 + 0.3 * Math.abs(Math.sin(n / 10.0));
      h.live.analysis("cam-a", System.currentTimeMillis(), List.of(new LiveFeed.Track(7, x, 0.3, x + 0.1, 0.7),
          new LiveFeed.Track(9, 0.6, 0.4, 0.7, 0.9)), List.of(new LiveFeed.ZoneCount("corridor", 2, 1.8)));
      h.live.analysis("cam-b", System.currentTimeMillis(), List.of(),
          List.of(new LiveFeed.ZoneCount("walkway", 0, 0)));
    }, 0, 300, TimeUnit.MILLISECONDS);

    profile = Files.createTempDirectory("vigil-chromium");
    Files.createDirectories(SCREENSHOTS);
    driver = TestChromium.start(profile, "en");
    wait = new WebDriverWait(driver, Duration.ofSeconds(20));
  }

  @AfterAll
  static void stop() throws Exception {
    camera.shutdownNow();
    if (driver != null) driver.quit();
    if (h != null) h.close();
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void screenshot(String name) throws Exception {
    File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(f.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private static void login(String user) throws Exception {
    driver.get(h.base() + "/login.html");
    wait.until(d -> d.findElement(By.id("username")).isDisplayed());
    driver.findElement(By.id("username")).sendKeys(user);
    driver.findElement(By.id("password")).sendKeys(WebHarness.PASSWORD);
    screenshot("login");
    driver.findElement(By.id("sign-in")).click();
    wait.until(d -> d.findElements(By.id("whoami")).size() == 1);
  }

  /** A fingerprint of the pixels the browser shows for an image. */
  private static String pixels(WebElement img) {
    return (String) js("const i = arguments[0]; if (!i.complete || !i.naturalWidth) return null;"
        + "const c = document.createElement('canvas'); c.width = i.naturalWidth; c.height = i.naturalHeight;"
        + "c.getContext('2d').drawImage(i, 0, 0); return c.toDataURL();", img);
  }

  private static boolean canvasHasInk(WebElement canvas) {
    return (Boolean) js("const c = arguments[0]; if (!c.width || !c.height) return false;"
        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        + "for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true; return false;", canvas);
  }

  @Test
  @Order(1)
  void signInShowsTheGridWithAChangingPictureAndOverlays() throws Exception {
    driver.get(h.base() + "/index.html");
    wait.until(d -> d.getCurrentUrl().contains("/login.html"));
    login("admin1");
    assertEquals("admin1 (administrator)", driver.findElement(By.id("whoami")).getText());
    WebElement img = wait.until(d -> d.findElement(By.cssSelector(".tile[data-camera='cam-a'] img.frame")));
    String first = wait.until(d -> pixels(img));
    String later = wait.until(d -> {
      String now = pixels(img);
      return now != null && !now.equals(first) ? now : null;
    });
    assertNotEquals(first, later);
    WebElement overlay = driver.findElement(By.cssSelector(".tile[data-camera='cam-a'] canvas.overlay"));
    wait.until(d -> driver.findElement(By.cssSelector(".tile[data-camera='cam-a'] .count")).getText().equals("2 people"));
    assertTrue(canvasHasInk(overlay));
    WebElement badge = driver.findElement(By.cssSelector(".tile[data-camera='cam-b'] .badge"));
    assertEquals("offline", badge.getText());
    screenshot("grid");

    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("layout"))).selectByVisibleText("1");
    wait.until(d -> d.findElements(By.cssSelector(".tile")).size() == 1);
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("layout"))).selectByVisibleText("4");
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("site"))).selectByVisibleText(WebHarness.SITE_B);
    wait.until(d -> d.findElements(By.cssSelector(".tile")).size() == 1
        && d.findElements(By.cssSelector(".tile[data-camera='cam-b']")).size() == 1);
  }

  @Test
  @Order(2)
  void aNewAlertAppearsWithoutReloadAndCanBeAcknowledged() throws Exception {
    driver.get(h.base() + "/alerts.html");
    wait.until(d -> d.findElements(By.cssSelector("tr[data-alert]")).size() >= 2);
    wait.until(d -> d.findElement(By.id("live-state")).getText().contains("live"));
    js("window.vigilNoReload = true;");
    Alert raised = h.services.raise("cam-a", "corridor", 7, 2, "cam-a/alert-1.jpg");
    h.live.alert(AlertChange.OPENED, raised, null);
    By row = By.cssSelector("tr[data-alert='" + raised.id() + "']");
    wait.until(d -> d.findElements(row).size() == 1);
    assertEquals(Boolean.TRUE, js("return window.vigilNoReload === true;"), "the page was not reloaded");
    wait.until(d -> (Boolean) js("const i = arguments[0].querySelector('img.thumb'); return i && i.complete && i.naturalWidth > 0;",
        d.findElement(row)));
    screenshot("alerts");
    driver.findElement(row).findElement(By.cssSelector("input.note")).sendKeys("Steward sent to the ward");
    driver.findElement(row).findElement(By.cssSelector("button.ack")).click();
    // The inbox shows open alerts: the acknowledged one says so and where it went, rather than vanishing.
    By acknowledged = By.cssSelector("tr[data-alert='" + raised.id() + "'][data-state='acknowledged'].left-view");
    wait.until(d -> d.findElements(acknowledged).size() == 1);
    String state = driver.findElement(acknowledged).findElement(By.cssSelector("td.alert-state")).getText();
    assertTrue(state.contains("Just acknowledged by admin1") && state.contains("no longer in this view"), state);
    assertTrue(driver.findElement(acknowledged).findElement(By.cssSelector("ul.notes")).getText()
        .contains("Steward sent to the ward"), "the note is shown");
    Alert stored = h.services.alert(raised.id()).result();
    assertEquals("acknowledged", stored.state().code());
    assertEquals("admin1", stored.acknowledgedBy());
    assertEquals("Steward sent to the ward", stored.notes().get(0).text());
  }

  @Test
  @Order(3)
  void theCameraPageDrawsOccupancyCharts() throws Exception {
    driver.get(h.base() + "/camera.html?id=cam-a");
    WebElement chart = wait.until(d -> d.findElement(By.id("chart")));
    wait.until(d -> chart.getAttribute("data-points") != null && Integer.parseInt(chart.getAttribute("data-points")) > 0);
    assertTrue(canvasHasInk(chart.findElement(By.tagName("canvas"))));
    wait.until(d -> d.findElement(By.id("zones")).getText().contains("corridor 2 5"));
    assertTrue(canvasHasInk(driver.findElement(By.id("overlay"))));
    screenshot("camera");
    String hourPoints = chart.getAttribute("data-points");
    driver.findElement(By.cssSelector("#ranges button[data-range='week']")).click();
    wait.until(d -> !hourPoints.equals(chart.getAttribute("data-points")));
    screenshot("camera-week");
  }

  @Test
  @Order(4)
  void theSiteMapPlacesEveryCamera() throws Exception {
    driver.get(h.base() + "/map.html");
    wait.until(d -> d.findElements(By.cssSelector("#map .cam-marker[data-camera]")).size() == 2);
    wait.until(d -> d.findElements(By.cssSelector("#map .leaflet-tooltip.cam-label")).stream()
        .anyMatch(e -> e.getText().equals("Camera cam-a · 2 people")));
    screenshot("map");
  }

  @Test
  @Order(5)
  void aCarrierSeesOnlyItsOwnCameraAndCanRegisterOne() throws Exception {
    driver.findElement(By.id("logout")).click();
    wait.until(d -> d.getCurrentUrl().contains("/login.html"));
    login("carrier1");
    wait.until(d -> d.findElements(By.cssSelector(".tile")).size() == 1);
    assertEquals(1, driver.findElements(By.cssSelector(".tile[data-camera='cam-b']")).size());
    driver.get(h.base() + "/cameras.html");
    wait.until(d -> d.findElements(By.cssSelector("tr[data-camera='cam-b']")).size() == 1);
    WebElement form = driver.findElement(By.id("register"));
    form.findElement(By.name("id")).sendKeys("depot-gate");
    form.findElement(By.name("name")).sendKeys("Depot gate");
    form.findElement(By.name("site")).sendKeys("Depot");
    try (TestRtspServer server = new TestRtspServer().h264("main", TestSharedFiles.require(SAMPLE_CLIP)).start()) {
      form.findElement(By.name("url")).sendKeys(server.uri("main").toString());
      // Saving is offered once the stream has been probed.
      driver.findElement(By.id("probe")).click();
      wait.until(d -> "ok".equals(d.findElement(By.id("probe-result")).getAttribute("data-state")));
      form.findElement(By.cssSelector("button[type=submit]")).click();
      wait.until(d -> d.findElements(By.cssSelector("tr[data-camera='depot-gate']")).size() == 1);
    }
    assertEquals(WebHarness.ORG, h.services.cameras.get("depot-gate").owner());
    screenshot("cameras");
  }
}
