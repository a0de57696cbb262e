package io.vigil.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vigil.config.VigilConfig;
import io.vigil.testing.TestChromium;
import io.vigil.testing.TestSharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
 * The whole platform in a real headless Chromium, nothing standing in: a demo camera replays the PETS
 * clip, the real analytics finds the crowd over a zone's capacity and raises the alert, the real store
 * keeps it and the occupancy history. The operator sees the picture change in the grid, the alert
 * arrive in the inbox without a reload, acknowledges it there, and reads the charts from the database.
 */
class PlatformBrowserIT {
  private static final Path SHARED = Path.of(System.getProperty("vigil.shared", "../shared"));
  private static final Path SCREENSHOTS = Path.of(System.getProperty("vigil.root", "."), "web/target/screenshots");

  @TempDir Path dir;
  private Vertx vertx;
  private Platform platform;
  private WebDriver driver;
  private final PrintStream originalOut = System.out;

  @AfterEach
  void stop() throws Exception {
    System.setOut(originalOut);
    if (driver != null) driver.quit();
    if (platform != null) platform.close().await(60, TimeUnit.SECONDS);
    if (vertx != null) vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void aCrowdAlertFromTheAnalyticsReachesTheInboxLiveAndIsAcknowledged() throws Exception {
    Path clip = TestSharedFiles.require("data/pets09-s2l1/vtest.avi");
    Path model = TestSharedFiles.require("models/yolox-nano/yolox_nano.onnx");
    Path cfgFile = dir.resolve("cameras.yml");
    // Capacity 1 on a walkway where 3-8 people walk: a breach for sure, but only once it has lasted 15 s,
    // by which time the inbox is open and listening.
    Files.writeString(cfgFile, """
        server: {bind: 127.0.0.1, http_port: 0}
        data_dir: %s
        detector: {model: %s}
        cameras:
          - id: walkway
            name: Campus walkway
            site: Campus
            type: checkpoint
            location: {lat: 51.45, lon: -0.97}
            detect: {replay: %s}
            zones:
              - {id: path, polygon: [[0, 0.2], [1, 0.2], [1, 1], [0, 1]], capacity: 1, capacity_for: 15s}
        """.formatted(dir.resolve("data"), model, clip));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    System.setOut(new PrintStream(console, true, "UTF-8"));
    vertx = Vertx.vertx();
    platform = Platform.start(vertx, VigilConfig.load(cfgFile)).await(3, TimeUnit.MINUTES);
    System.setOut(originalOut);
    String adminPassword = FirstAdminPassword.from(console.toString("UTF-8"));
    assertTrue(adminPassword != null, "the first start says where the generated admin password is");
    String base = "http://127.0.0.1:" + platform.httpPort();

    driver = chromium();
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    driver.get(base + "/login.html");
    wait.until(d -> d.findElement(By.id("username")).isDisplayed());
    driver.findElement(By.id("username")).sendKeys("admin");
    driver.findElement(By.id("password")).sendKeys(adminPassword);
    driver.findElement(By.id("sign-in")).click();
    wait.until(d -> d.findElements(By.id("whoami")).size() == 1);

    // The inbox, open before the breach has lasted its 15 s: empty, listening.
    driver.get(base + "/alerts.html");
    wait.until(d -> d.findElement(By.id("live-state")).getText().contains("live"));
    assertEquals(0, driver.findElements(By.cssSelector("tr[data-alert]")).size(), "no alert before the breach lasts");
    js("window.vigilNoReload = true;");
    By row = By.cssSelector("tr[data-alert][data-state='open']");
    WebElement alert = wait.until(d -> d.findElements(row).isEmpty() ? null : d.findElement(row));
    assertEquals(Boolean.TRUE, js("return window.vigilNoReload === true;"), "the alert arrived without a reload");
    assertTrue(alert.getText().toLowerCase().contains("over capacity"), alert.getText());
    String alertId = alert.getAttribute("data-alert");
    wait.until(d -> (Boolean) js("const i = arguments[0].querySelector('img.thumb'); return !!(i && i.complete && i.naturalWidth > 0);",
        d.findElement(By.cssSelector("tr[data-alert='" + alertId + "']"))));
    screenshot("platform-alerts");
    WebElement live = driver.findElement(By.cssSelector("tr[data-alert='" + alertId + "']"));
    live.findElement(By.cssSelector("input.note")).sendKeys("Steward sent to the walkway");
    live.findElement(By.cssSelector("button.ack")).click();
    wait.until(d -> d.findElements(By.cssSelector("tr[data-alert='" + alertId + "'][data-state='open']")).isEmpty());

    // The acknowledgement is in the database, by the signed-in user.
    String pgPort = Files.readAllLines(dir.resolve("data/pg/postmaster.pid")).get(3).trim();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/vigil", "postgres", "");
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT kind, state, acknowledged_by, (SELECT text FROM alert_notes WHERE alert_id = a.id AND author = 'admin') "
                + "AS note, snapshot_ref FROM alerts a WHERE id = '" + alertId + "'")) {
      assertTrue(rs.next(), "the alert is stored");
      assertEquals("over_capacity", rs.getString("kind"));
      assertEquals("acknowledged", rs.getString("state"));
      assertEquals("admin", rs.getString("acknowledged_by"));
      assertEquals("Steward sent to the walkway", rs.getString("note"));
      assertNotNull(rs.getString("snapshot_ref"), "the alert has its snapshot");
    }

    // The grid shows the camera's picture changing (MPEG-4 part 2: the snapshot fallback, not MSE).
    driver.get(base + "/index.html");
    WebElement img = wait.until(d -> d.findElement(By.cssSelector(".tile[data-camera='walkway'] img.frame")));
    wait.until(d -> pixels(img) != null);
    String first = pixels(img);
    wait.until(d -> {
      String now = pixels(img);
      return now != null && !now.equals(first);
    });
    assertNotEquals(first, pixels(img));
    screenshot("platform-grid");

    // The camera page's chart is drawn from the occupancy stored in the database.
    driver.get(base + "/camera.html?id=walkway");
    WebElement chart = wait.until(d -> d.findElement(By.id("chart")));
    wait.until(d -> chart.getAttribute("data-points") != null && Integer.parseInt(chart.getAttribute("data-points")) > 0);
    screenshot("platform-camera");
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private String pixels(WebElement img) {
    return (String) js("const i = arguments[0]; if (!i.complete || !i.naturalWidth) return null;"
        + "const c = document.createElement('canvas'); c.width = i.naturalWidth; c.height = i.naturalHeight;"
        + "c.getContext('2d').drawImage(i, 0, 0); return c.toDataURL();", img);
  }

  private void screenshot(String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(f.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private WebDriver chromium() throws Exception {
    Path profile = Files.createDirectories(dir.resolve("chromium"));
    return TestChromium.start(profile, "en");
  }
}
