package io.vigil.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vigil.analytics.CrowdEvent;
import io.vigil.config.CameraConfig;
import io.vigil.store.Storage;
import io.vigil.store.StorageOptions;
import io.vigil.testing.TestChromium;
import io.vigil.testing.TestPostgres;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The alert inbox in a real headless Chromium, over the real engine, web API and PostgreSQL: an
 * operator adds two notes, the crowd leaves, Vigil resolves the alert itself, and the inbox still shows
 * both notes and says Vigil resolved it; on another page, the header counts a new alert.
 */
class AlertInboxBrowserIT {
  private static final Path SCREENSHOTS = Path.of(System.getProperty("vigil.root", "."), "web/target/screenshots");
  private static TestPostgres database;
  private static Storage storage;
  private static WebDriver driver;
  private static WebDriverWait wait;
  private static Path profile;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    database = TestPostgres.create();
    storage = Storage.start(StorageOptions.builder(dir).database(database.url, TestPostgres.USER, null)
        .spoolDir(dir.resolve("spool")).flushInterval(Duration.ofMillis(20)).build());
    profile = Files.createTempDirectory("vigil-chromium");
    Files.createDirectories(SCREENSHOTS);
    driver = TestChromium.start(profile);
    wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    // A live change redraws the row: an element found a moment ago may have been replaced.
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterAll
  static void stop() throws Exception {
    if (driver != null) driver.quit();
    if (storage != null) storage.close();
    if (database != null) database.close();
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private static void screenshot(String name) throws Exception {
    File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(f.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** The viewer's message in {@code lang} with {placeholders} filled: what an operator reads. */
  private static String m(String lang, String key, String... params) throws IOException {
    JsonObject messages = new JsonObject(Files.readString(Path.of(System.getProperty("vigil.root", "."),
        "web/src/main/resources/webroot/i18n", lang + ".json")));
    String text = messages.getString(key);
    assertNotNull(text, key);
    for (int i = 0; i < params.length; i += 2) text = text.replace("{" + params[i] + "}", params[i + 1]);
    return text;
  }

  /** The part of a message before its first placeholder. */
  private static String head(String message) {
    int i = message.indexOf('{');
    return i < 0 ? message : message.substring(0, i);
  }

  @ParameterizedTest
  @ValueSource(strings = {"vi", "en"})
  void twoNotesSurviveVigilResolvingTheAlertAndANewAlertRaisesTheHeaderBadgeOnAnotherPage(String lang) throws Exception {
    CameraConfig camera = AlertsHarness.camera("cam-inbox-" + lang, 2, AlertsHarness.zone("door", 2),
        AlertsHarness.zone("hall", 2), AlertsHarness.zone("gate", 2));
    try (AlertsHarness h = new AlertsHarness(storage, dir.resolve("snapshots"), List.of(camera), x -> Map.of(
        "clear_after", "3s", "escalate_after", "1h"))) {
      // Each language in turn: the words the operator reads are those of the message files.
      driver.get(h.base() + "/login.html");
      js("localStorage.setItem('vigil.lang', arguments[0]);", lang);
      driver.get(h.base() + "/login.html");
      wait.until(d -> d.findElement(By.id("username")).isDisplayed());
      driver.findElement(By.id("username")).sendKeys("admin");
      driver.findElement(By.id("password")).sendKeys(h.adminPassword());
      driver.findElement(By.id("sign-in")).click();
      wait.until(d -> d.findElements(By.id("whoami")).size() == 1);

      driver.get(h.base() + "/alerts.html");
      String live = m(lang, "alerts.live");
      wait.until(d -> d.findElement(By.id("live-state")).getText().contains(live));
      h.engine.onAnalysis(camera, AlertEngineIT.crowd(1000, CrowdEvent.Phase.STARTED, 5, "door"), null);
      By row = By.cssSelector("tr[data-alert]");
      String id = wait.until(d -> d.findElements(row).size() == 1 ? d.findElement(row).getAttribute("data-alert") : null);
      By mine = By.cssSelector("tr[data-alert='" + id + "']");
      assertEquals(m(lang, "alerts.severity.warning"), text(mine, "td.severity .badge"));
      assertTrue(text(mine, "td.duration").startsWith(head(m(lang, "alerts.duration.ongoing"))), text(mine, "td.duration"));
      assertTrue(text(mine, "td.alert-state").contains(m(lang, "alerts.change.opened")), text(mine, "td.alert-state"));

      String noted = m(lang, "alerts.change.noted", "by", "admin");
      addNote(mine, "Steward sent to the door", 1, noted);
      addNote(mine, "Crowd is thinning", 2, noted);
      screenshot("alert-notes-" + lang);

      // The crowd leaves; after clear_after Vigil resolves the alert itself, live.
      h.engine.onAnalysis(camera, AlertEngineIT.crowd(9000, CrowdEvent.Phase.ENDED, 0, "door"), null);
      By resolved = By.cssSelector("tr[data-alert='" + id + "'][data-state='resolved']");
      wait.until(d -> d.findElements(resolved).size() == 1);
      String state = text(resolved, "td.alert-state");
      String byVigil = head(m(lang, "alerts.resolvedBy", "by", m(lang, "alerts.vigil")));
      assertTrue(state.contains(byVigil), state);
      assertTrue(state.contains(m(lang, "alerts.change.closedByVigil")), state);
      List<String> notes = wait.until(d -> d.findElement(resolved).findElements(By.cssSelector("ul.notes li")).stream()
          .map(WebElement::getText).toList());
      assertEquals(3, notes.size(), notes.toString());
      assertTrue(notes.get(0).startsWith("admin") && notes.get(0).endsWith("Steward sent to the door"), notes.toString());
      assertTrue(notes.get(1).endsWith("Crowd is thinning"), notes.toString());
      // Vigil's closing note, said in the page's language.
      String closing = m(lang, "alerts.closingNote.peak", "clear", m(lang, "alerts.duration.seconds", "s", "3"));
      assertTrue(notes.get(2).startsWith(m(lang, "alerts.vigil")) && notes.get(2).contains(head(closing)), notes.toString());
      assertTrue(text(resolved, "td.duration").startsWith(head(m(lang, "alerts.duration.lasted"))), text(resolved, "td.duration"));
      screenshot("alert-resolved-by-vigil-" + lang);

      // After a reload, from the API: the same notes and resolution.
      driver.get(h.base() + "/alerts.html?camera=" + camera.id());
      WebElement again = wait.until(d -> d.findElements(mine).size() == 1 ? d.findElement(mine) : null);
      assertEquals(notes, again.findElements(By.cssSelector("ul.notes li")).stream().map(WebElement::getText).toList());
      assertTrue(again.findElement(By.cssSelector("td.alert-state")).getText().contains(byVigil));

      // Another page: the header counts an alert that opens now, and, once the operator switched the
      // signals on, plays a tone.
      driver.get(h.base() + "/map.html");
      WebElement toggle = wait.until(d -> d.findElement(By.id("alert-signals")));
      WebElement badge = driver.findElement(By.id("alert-badge"));
      assertTrue(!badge.isDisplayed(), "no new alert yet");
      // Counts the oscillators the page's own WebAudio context makes (the context is made on the click).
      js("window.tones = 0; const Base = window.AudioContext;"
          + "window.AudioContext = class extends Base { createOscillator() { window.tones++; return super.createOscillator(); } };");
      toggle.click();
      assertEquals("true", toggle.getAttribute("aria-pressed"));
      assertTrue(((Number) js("return window.tones;")).intValue() >= 2, "switching the signals on plays the tone once");
      js("window.tones = 0;");
      // The page's event stream may still be connecting: a second zone opens if the first was missed.
      for (String zone : List.of("hall", "gate")) {
        h.engine.onAnalysis(camera, AlertEngineIT.crowd(20_000, CrowdEvent.Phase.STARTED, 5, zone), null);
        try {
          new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> badge.isDisplayed());
          break;
        } catch (TimeoutException e) {
          if (zone.equals("gate")) throw e;
        }
      }
      assertTrue(badge.getText().equals("1") || badge.getText().equals("2"), badge.getText());
      assertTrue(((Number) js("return window.tones;")).intValue() >= 2, "a tone for the new alert");
      screenshot("alert-badge-" + lang);
      // Seen once the inbox is opened.
      driver.findElement(By.cssSelector("header nav a[href='alerts.html']")).click();
      wait.until(d -> d.findElements(By.cssSelector("#alert-badge.hidden")).size() == 1);
    }
  }

  private static void addNote(By row, String text, int expected, String noted) {
    // A redraw keeps what was typed (alerts.js), so each step finds the row again.
    wait.until(d -> {
      d.findElement(row).findElement(By.cssSelector("input.note")).sendKeys(text);
      return true;
    });
    wait.until(d -> {
      d.findElement(row).findElement(By.cssSelector("button.add-note")).click();
      return true;
    });
    wait.until(d -> d.findElement(row).findElements(By.cssSelector("ul.notes li")).size() == expected);
    assertTrue(text(row, "td.alert-state").contains(noted), text(row, "td.alert-state"));
  }

  /** The text of a cell of a row, read again if the row was redrawn meanwhile. */
  private static String text(By row, String cell) {
    return wait.until(d -> d.findElement(row).findElement(By.cssSelector(cell)).getText());
  }
}
