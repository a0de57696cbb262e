package io.vigil.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vigil.ingest.testing.TestClosedPort;
import io.vigil.ingest.testing.TestRtspServer;
import io.vigil.store.AlertChange;
import io.vigil.testing.TestChromium;
import io.vigil.testing.TestSharedFiles;
import io.vigil.web.CameraHealth;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The occupancy chart (uPlot), the site map (Leaflet) and camera registration in a real headless
 * Chromium, in Vietnamese and in English (issue #18 points 3 and 5): axes with units, a lone bucket
 * drawn as a point, the not-enough-data state, markers coloured by status and open alerts over the
 * offline grid with a scale bar, coordinates picked on the map, the probe of a real loopback RTSP
 * stream shown before saving, and each refusal next to its field. No request leaves loopback.
 */
class ChartMapRegistrationBrowserIT {
  private static final Path SCREENSHOTS = Path.of(System.getProperty("vigil.root", "."), "web/target/screenshots");
  /** The palette's first colour, the first zone's mean (app.js). */
  private static final int[] FIRST_ZONE_RGB = {0x4f, 0xa3, 0xff};
  /** H.264, 768x432, 10 fps, a keyframe every second. */
  private static final String SAMPLE_CLIP = "data/sample-clips/one-by-one-person-detection.mp4";
  private static WebHarness h;
  private static WebDriver driver;
  private static WebDriverWait wait;
  private static Path profile;
  private static TestRtspServer rtsp;

  @BeforeAll
  static void start() throws Exception {
    h = new WebHarness(true);
    // One camera with a single bucket of history, one with none; both online, neither with an alert.
    h.services.cameras.put("cam-one", WebHarness.camera("cam-one", WebHarness.SITE_A, null, 51.4620, -0.9600));
    h.services.cameras.put("cam-none", WebHarness.camera("cam-none", WebHarness.SITE_B, null, 51.4480, -0.9880));
    // Two cameras of one site a metre apart cluster; one of another site on the same spot stays apart.
    h.services.cameras.put("cam-near", WebHarness.camera("cam-near", WebHarness.SITE_B, null, 51.44801, -0.98801));
    h.services.cameras.put("cam-other", WebHarness.camera("cam-other", WebHarness.SITE_A, null, 51.44801, -0.98799));
    // One camera per language run that gets an alert while the map is open.
    h.services.cameras.put("live-vi", WebHarness.camera("live-vi", WebHarness.SITE_A, null, 51.4660, -0.9500));
    h.services.cameras.put("live-en", WebHarness.camera("live-en", WebHarness.SITE_B, null, 51.4420, -0.9500));
    h.services.bucketsKept.put("cam-one", 1);
    h.services.bucketsKept.put("cam-none", 0);
    CameraHealth online = new CameraHealth("cam-one", "online", null, 25, 5, 0, 0, Instant.now(), 40);
    h.services.states.put("cam-one", online);
    rtsp = new TestRtspServer().h264("gate", TestSharedFiles.require(SAMPLE_CLIP)).start();
    profile = Files.createTempDirectory("vigil-chromium");
    Files.createDirectories(SCREENSHOTS);
    driver = TestChromium.start(profile);
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    login(h);
  }

  /** Signs in as admin1; cookies are per host, not per port, so this is the session for every harness. */
  private static void login(WebHarness on) {
    driver.get(on.base() + "/login.html");
    wait.until(d -> d.findElement(By.id("username")).isDisplayed());
    driver.findElement(By.id("username")).sendKeys("admin1");
    driver.findElement(By.id("password")).sendKeys(WebHarness.PASSWORD);
    driver.findElement(By.id("sign-in")).click();
    wait.until(d -> d.findElements(By.id("whoami")).size() == 1);
  }

  @AfterAll
  static void stop() throws Exception {
    if (driver != null) driver.quit();
    if (rtsp != null) rtsp.close();
    if (h != null) h.close();
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"vi", "en"})
  void theChartHasUnitsACapacityLabelAPointForOneBucketAndSaysWhenThereIsNoData(String lang) throws Exception {
    JsonObject m = PageProbes.messages(lang);
    open(lang, "/camera.html?id=cam-a");
    WebElement chart = wait.until(d -> d.findElement(By.cssSelector("#chart[data-state='series']")));
    assertTrue(Integer.parseInt(chart.getAttribute("data-points")) > 1);
    assertTrue(PageProbes.canvasHasInk(driver, chart.findElement(By.tagName("canvas"))), "the series are drawn");
    // What uPlot drew on its axes: whole people on y, labelled with the unit; local clock times on x.
    assertEquals(m.getString("chart.axis.people"), js("return OccupancyChartTest.axisLabel(1);"));
    @SuppressWarnings("unchecked")
    List<String> yTicks = (List<String>) js("return OccupancyChartTest.ticks(1);");
    assertFalse(yTicks.isEmpty());
    for (String tick : yTicks) assertTrue(tick.matches("\\d+"), "whole people on the y axis: " + yTicks);
    @SuppressWarnings("unchecked")
    List<String> xTicks = (List<String>) js("return OccupancyChartTest.ticks(0);");
    for (String tick : xTicks) assertTrue(tick.matches("\\d{2}:\\d{2}"), "clock times on the x axis: " + xTicks);
    assertTrue(((String) js("return OccupancyChartTest.axisLabel(0);")).startsWith(m.getString("chart.axis.time")
        .replace("({zone})", "(")), "the x axis says it is local time");
    WebElement capacity = chart.findElement(By.cssSelector(".capacity-label[data-zone='corridor']"));
    assertEquals(m.getString("chart.capacityLabel").replace("{zone}", "corridor").replace("{n}", "5"), capacity.getText());
    js("arguments[0].scrollIntoView();", chart);
    screenshot("chart-series-" + lang);

    // One bucket: no line can be drawn, so the bucket is a point of the zone's colour where it belongs.
    open(lang, "/camera.html?id=cam-one");
    wait.until(d -> d.findElement(By.cssSelector("#chart[data-state='single'] canvas")));
    wait.until(d -> d.findElement(By.id("chart-state")).getText().equals(m.getString("chart.oneBucket")));
    @SuppressWarnings("unchecked")
    List<Number> rgba = (List<Number>) js("return OccupancyChartTest.pixelAtFirstValue(1);");
    assertEquals(255, rgba.get(3).intValue(), "the lone bucket is drawn: " + rgba);
    for (int i = 0; i < 3; i++) assertEquals(FIRST_ZONE_RGB[i], rgba.get(i).intValue(), 40, "in the zone's colour: " + rgba);
    js("document.getElementById('chart').scrollIntoView();");
    screenshot("chart-one-" + lang);

    open(lang, "/camera.html?id=cam-none");
    WebElement empty = wait.until(d -> d.findElement(By.cssSelector("#chart[data-state='empty'] .chart-empty")));
    assertTrue(empty.getText().startsWith(m.getString("chart.notEnoughData")), empty.getText());
    assertTrue(driver.findElements(By.cssSelector("#chart canvas")).isEmpty(), "no empty axes pretending to be a chart");
    PageProbes.assertOnlyLoopback(driver);
  }

  @ParameterizedTest
  @ValueSource(strings = {"vi", "en"})
  void theSiteMapColoursCamerasByStatusAndOpenAlertsOnAnOfflineGridWithAScale(String lang) throws Exception {
    JsonObject m = PageProbes.messages(lang);
    open(lang, "/map.html");
    WebElement a = wait.until(d -> d.findElement(By.cssSelector(".cam-marker[data-camera='cam-a']")));
    WebElement b = driver.findElement(By.cssSelector(".cam-marker[data-camera='cam-b']"));
    WebElement one = driver.findElement(By.cssSelector(".cam-marker[data-camera='cam-one']"));
    // cam-a: online with an open alert; cam-b: offline with an open alert; cam-one: online, no alert.
    assertEquals("online", a.getAttribute("data-status"));
    assertEquals("offline", b.getAttribute("data-status"));
    assertEquals("online", one.getAttribute("data-status"));
    assertEquals("rgb(62, 207, 142)", PageProbes.css(driver, a, "background-color"));
    assertEquals("rgb(255, 93, 93)", PageProbes.css(driver, b, "background-color"));
    assertEquals("rgb(62, 207, 142)", PageProbes.css(driver, one, "background-color"));
    assertEquals("1", a.getAttribute("data-alerts"));
    assertEquals("rgb(245, 185, 66)", PageProbes.css(driver, a, "border-top-color"), "an open alert rings the marker in amber");
    assertEquals("rgb(245, 185, 66)", PageProbes.css(driver, b, "border-top-color"));
    assertEquals("rgb(0, 0, 0)", PageProbes.css(driver, one, "border-top-color"), "no ring without an open alert");
    assertTrue(one.getAttribute("class").contains("status-online") && !one.getAttribute("class").contains("alert-open"));
    // An alert raised while the map is open rings its camera, without a reload.
    js("window.vigilNoReload = true;");
    WebElement live = driver.findElement(By.cssSelector(".cam-marker[data-camera='live-" + lang + "']"));
    assertEquals("0", live.getAttribute("data-alerts"));
    h.live.alert(AlertChange.OPENED, h.services.raise("live-" + lang, "walkway", 9, 5, null), null);
    wait.until(d -> "1".equals(d.findElement(By.cssSelector(".cam-marker[data-camera='live-" + lang + "']"))
        .getAttribute("data-alerts")));
    assertTrue(driver.findElement(By.cssSelector(".cam-marker[data-camera='live-" + lang + "']")).getAttribute("class")
        .contains("alert-open"));
    assertEquals(Boolean.TRUE, js("return window.vigilNoReload === true;"), "the page was not reloaded");
    // The offline basemap: the grid drawn here, and a metric scale bar.
    WebElement map = driver.findElement(By.id("map"));
    assertEquals("grid", map.getAttribute("data-basemap"));
    wait.until(d -> d.findElements(By.cssSelector("#map path.graticule")).size() >= 4);
    List<WebElement> gridLabels = driver.findElements(By.cssSelector("#map .graticule-label"));
    assertTrue(gridLabels.size() >= 2, "the grid lines are labelled");
    for (WebElement l : gridLabels) assertTrue(l.getText().matches("-?\\d+(\\.\\d+)?°"), l.getText());
    String scale = wait.until(d -> d.findElement(By.cssSelector(".leaflet-control-scale-line")).getText());
    assertTrue(scale.matches("\\d+ k?m"), "a metric scale: " + scale);
    assertEquals(m.getString("map.basemap.grid"), driver.findElement(By.id("map-note")).getText());
    // Clustered when dense, within a site only.
    WebElement cluster = wait.until(d -> d.findElement(By.cssSelector("#map .site-cluster")));
    assertEquals("2", cluster.getText());
    assertEquals(1, driver.findElements(By.cssSelector("#map .site-cluster")).size());
    assertTrue(driver.findElements(By.cssSelector(".cam-marker[data-camera='cam-none'], .cam-marker[data-camera='cam-near']"))
        .isEmpty(), "the two neighbours are drawn as their cluster");
    assertTrue(driver.findElement(By.cssSelector(".cam-marker[data-camera='cam-other']")).isDisplayed(),
        "a camera of another site is not swallowed by the cluster");
    // Grouped by site: one layer per site in the control.
    String sites = driver.findElement(By.cssSelector(".leaflet-control-layers-overlays")).getText();
    assertTrue(sites.contains(WebHarness.SITE_A) && sites.contains(WebHarness.SITE_B), sites);
    // The popup, in the page's language.
    new Actions(driver).moveToElement(a).click().perform();
    WebElement popup = wait.until(d -> d.findElement(By.cssSelector(".map-popup[data-camera='cam-a']")));
    // The popup fades in: its text is visible once the animation has run.
    wait.until(d -> popup.getText().contains(m.getString("map.openAlerts").replace("{n}", "1")));
    assertTrue(popup.getText().contains(m.getString("map.status.online")), popup.getText());
    assertTrue(driver.findElement(By.id("map-legend")).getText().contains(m.getString("map.legend.alerts")));
    screenshot("map-" + lang);
    PageProbes.assertOnlyLoopback(driver);
  }

  @ParameterizedTest
  @ValueSource(strings = {"vi", "en"})
  void registrationPicksCoordinatesShowsTheProbeBeforeSavingAndRefusalsNextToTheirFields(String lang) throws Exception {
    JsonObject m = PageProbes.messages(lang);
    String id = "gate-" + lang;
    open(lang, "/cameras.html");
    WebElement picker = wait.until(d -> d.findElement(By.cssSelector("#register-map[data-ready='true']")));
    WebElement form = driver.findElement(By.id("register"));
    WebElement submit = driver.findElement(By.id("register-submit"));
    assertFalse(submit.isEnabled(), "nothing is saved before the stream is probed");

    // A click on the map fills the coordinates and drops a pin; the picker opens over the cameras.
    new Actions(driver).moveToElement(picker, 40, 30).click().perform();
    WebElement lat = form.findElement(By.name("lat"));
    WebElement lon = form.findElement(By.name("lon"));
    wait.until(d -> !lat.getDomProperty("value").isEmpty());
    double firstLat = Double.parseDouble(lat.getDomProperty("value"));
    double firstLon = Double.parseDouble(lon.getDomProperty("value"));
    assertEquals(51.455, firstLat, 0.1, "near the cameras the picker opened on");
    assertEquals(-0.975, firstLon, 0.2);
    assertEquals(1, driver.findElements(By.cssSelector("#register-map .cam-marker.status-picked")).size());
    assertTrue(driver.findElements(By.cssSelector("#register-map .cam-marker.status-context")).size() >= 4,
        "the cameras already placed are shown for bearings");
    new Actions(driver).moveToElement(picker, -40, -30).click().perform();
    wait.until(d -> Double.parseDouble(lat.getDomProperty("value")) != firstLat);
    assertTrue(Double.parseDouble(lat.getDomProperty("value")) > firstLat, "further up the map is further north");
    assertTrue(Double.parseDouble(lon.getDomProperty("value")) < firstLon, "further left is further west");

    // A stream that does not answer: refused next to the address, in the page's language.
    form.findElement(By.name("url")).sendKeys(TestClosedPort.rtsp("gate"));
    driver.findElement(By.id("probe")).click();
    WebElement urlError = form.findElement(By.cssSelector(".field-error[data-field='url']"));
    wait.until(d -> urlError.getText().startsWith(m.getString("register.error.stream_probe_failed")));
    assertEquals("true", form.findElement(By.name("url")).getAttribute("aria-invalid"));
    assertFalse(submit.isEnabled());

    // The real stream: codec, resolution, frame rate and keyframe interval, then saving is offered.
    form.findElement(By.name("url")).clear();
    form.findElement(By.name("url")).sendKeys(rtsp.uri("gate").toString());
    driver.findElement(By.id("probe")).click();
    wait.until(d -> "ok".equals(d.findElement(By.id("probe-result")).getAttribute("data-state")));
    assertEquals("", urlError.getText(), "the earlier refusal is cleared");
    assertEquals("H264", probe("codec"));
    assertEquals("768 × 432", probe("resolution"));
    // The clip is 10 fps with a keyframe every second; numbers in the page's language.
    String decimal = "vi".equals(lang) ? "," : "\\.";
    assertTrue(probe("fps").matches("(9" + decimal + "[5-9]|10" + decimal + "[0-5])"), probe("fps"));
    assertTrue(probe("keyframe").matches(m.getString("register.probe.seconds").replace("{n}", "(0" + decimal + "9|1" + decimal
        + "[01])")), probe("keyframe"));
    assertTrue(submit.isEnabled(), "saving is offered once the probe has passed");
    js("document.getElementById('probe-result').scrollIntoView();");
    screenshot("register-probe-" + lang);

    // Refusals name their field: a latitude off the globe, then an id that is taken.
    form.findElement(By.name("id")).sendKeys("cam-a");
    form.findElement(By.name("name")).sendKeys("Cổng phía bắc");
    form.findElement(By.name("site")).sendKeys("Khu cách ly số 1");
    lat.clear();
    lat.sendKeys("95");
    submit.click();
    WebElement latError = form.findElement(By.cssSelector(".field-error[data-field='location.lat']"));
    wait.until(d -> latError.getText().equals(m.getString("register.invalid.location.lat")));
    assertEquals("true", lat.getAttribute("aria-invalid"));
    lat.clear();
    lat.sendKeys("51.4555");
    submit.click();
    WebElement idError = form.findElement(By.cssSelector(".field-error[data-field='id']"));
    wait.until(d -> idError.getText().equals(m.getString("register.error.conflict")));
    assertEquals("", latError.getText());
    screenshot("register-refused-" + lang);

    form.findElement(By.name("id")).clear();
    form.findElement(By.name("id")).sendKeys(id);
    submit.click();
    wait.until(d -> d.findElements(By.cssSelector("tr[data-camera='" + id + "']")).size() == 1);
    assertEquals(m.getString("register.saved").replace("{name}", "Cổng phía bắc"),
        driver.findElement(By.id("register-result")).getText());
    assertEquals(51.4555, h.services.cameras.get(id).location().lat(), 1e-9);
    assertNotEquals(0, h.services.cameras.get(id).location().lon());
    assertFalse(submit.isEnabled(), "the next camera is probed again");
    PageProbes.assertOnlyLoopback(driver);
  }

  /** With a tile server configured (here one on loopback), the map is drawn on its tiles instead of the grid. */
  @Test
  void aConfiguredTileServerIsTheBasemap() throws Exception {
    byte[] png = PageProbes.tilePng();
    List<String> asked = new CopyOnWriteArrayList<>();
    HttpServer tiles = h.vertx.createHttpServer().requestHandler(r -> {
      asked.add(r.path());
      r.response().putHeader("Content-Type", "image/png").end(Buffer.buffer(png));
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    try (WebHarness withTiles = new WebHarness(true,
        "http://127.0.0.1:" + tiles.actualPort() + "/tiles/{z}/{x}/{y}.png")) {
      withTiles.services.cameras.putAll(h.services.cameras);
      login(withTiles);
      open("en", withTiles, "/map.html");
      wait.until(d -> "tiles".equals(d.findElement(By.id("map")).getAttribute("data-basemap")));
      wait.until(d -> (Boolean) js("return [...document.querySelectorAll('#map img.leaflet-tile')]"
          + ".some((i) => i.complete && i.naturalWidth === 256);"));
      assertTrue(asked.stream().anyMatch(p -> p.matches("/tiles/\\d+/\\d+/\\d+\\.png")), asked.toString());
      assertTrue(driver.findElements(By.cssSelector("#map path.graticule")).isEmpty(), "no grid over the tiles");
      assertEquals(PageProbes.messages("en").getString("map.basemap.tiles"), driver.findElement(By.id("map-note")).getText());
      assertTrue(driver.findElement(By.cssSelector(".leaflet-control-scale-line")).isDisplayed());
      screenshot("map-tiles");
      PageProbes.assertOnlyLoopback(driver);
    } finally {
      tiles.close();
      login(h);
    }
  }

  /** A 256 px tile: a plain colour with a border, so that tiles are told apart from the page. */
  private static String probe(String name) {
    return driver.findElement(By.cssSelector("#probe-result dd[data-probe='" + name + "']")).getText();
  }

  /** Opens a page in the language, as the header's switch would leave it; the test helpers come with it. */
  private static void open(String lang, String path) {
    open(lang, h, path);
  }

  private static void open(String lang, WebHarness on, String path) {
    js("localStorage.setItem('vigil.lang', arguments[0]);", lang);
    driver.get(on.base() + path);
    wait.until(d -> lang.equals(js("return document.documentElement.lang;"))
        && !(Boolean) js("return document.documentElement.classList.contains('i18n-pending');"));
    js(PageProbes.CHART_PROBES);
  }

  private static Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private static void screenshot(String name) throws Exception {
    File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(f.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
