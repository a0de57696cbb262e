package io.vigil.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vigil.testing.TestChromium;
import io.vigil.web.auth.Role;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every page of the viewer in a real headless Chromium, in Vietnamese and in English: no text a person
 * sees is a message key, no English word is left on a Vietnamese page, dates and numbers follow the
 * language, the language chosen in the header follows the user to a fresh browser, and the admin and
 * account screens work in both languages. A screenshot of every page in each language is kept under
 * web/target/screenshots (i18n-vi-*.png, i18n-en-*.png).
 */
class I18nBrowserIT {
  private static final Path SCREENSHOTS = Path.of(System.getProperty("vigil.root", "."), "web/target/screenshots");
  private static final Path MESSAGES = Path.of("src/main/resources/webroot/i18n");
  /** What an untranslated key looks like on screen: nav.signOut, alerts.col.raised. */
  private static final Pattern KEY = Pattern.compile("^[a-z]+(\\.[A-Za-z0-9_]+)+$");
  /** A whole word of Latin letters only: "admin1" or "cam-a" are names, not words. */
  private static final Pattern WORD = Pattern.compile("(?<![A-Za-z0-9_])[A-Za-z]{4,}(?![A-Za-z0-9_])");
  private static final Pattern URL = Pattern.compile("\\S+://\\S+");
  /** English words in the test's own data (site and zone names, a camera's failure reason), not in the UI. */
  private static final Set<String> DATA_WORDS = Set.of("quarantine", "site", "district", "campus", "checkpoint",
      "corridor", "walkway", "connection", "refused");
  private static final String NEW_PASSWORD = "mat khau moi 2026";
  private static final String LAST_PASSWORD = "another new one 2026";

  private static WebHarness h;
  private static JsonObject vi;
  private static JsonObject en;
  /** Words of the English messages that the Vietnamese ones never use: none may show on a Vietnamese page. */
  private static Set<String> englishOnly;

  private WebDriver driver;
  private WebDriverWait wait;
  private final List<Path> profiles = new ArrayList<>();

  /** A page, and how to tell that it has drawn everything it will draw. */
  private record Page(String name, String path, By ready) {}

  private static final List<Page> PAGES = List.of(
      new Page("grid", "/index.html", By.cssSelector(".tile[data-camera='cam-b'] .badge:not(:empty)")),
      new Page("alerts", "/alerts.html", By.cssSelector("tr[data-alert] td")),
      new Page("camera", "/camera.html?id=cam-a", By.cssSelector("#chart[data-points]")),
      new Page("cameras", "/cameras.html", By.cssSelector("tr[data-camera]")),
      new Page("map", "/map.html", By.cssSelector("#map .cam-marker[data-camera='cam-b']")),
      new Page("admin", "/admin.html", By.cssSelector("#users tr[data-user], #audit table")),
      new Page("account", "/account.html", By.cssSelector("#tokens > *")));

  @BeforeAll
  static void start() throws Exception {
    vi = new JsonObject(Files.readString(MESSAGES.resolve("vi.json")));
    en = new JsonObject(Files.readString(MESSAGES.resolve("en.json")));
    Set<String> viWords = words(vi);
    englishOnly = new HashSet<>(words(en));
    englishOnly.removeAll(viWords);
    englishOnly.removeAll(DATA_WORDS);
    h = new WebHarness(true);
    h.store.createUser("opsvi", WebHarness.PASSWORD.toCharArray(), Role.ADMIN, null, Set.of());
    h.store.createUser("opsen", WebHarness.PASSWORD.toCharArray(), Role.ADMIN, null, Set.of());
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (h != null) h.close();
  }

  @AfterEach
  void quit() throws Exception {
    if (driver != null) driver.quit();
    for (Path p : profiles) {
      try (var files = Files.walk(p)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static Set<String> words(JsonObject messages) {
    Set<String> out = new HashSet<>();
    for (String k : messages.fieldNames()) {
      Matcher m = WORD.matcher(messages.getString(k));
      while (m.find()) out.add(m.group().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /** A browser with a fresh profile whose language is {@code language}. */
  private void browser(String language) throws Exception {
    if (driver != null) driver.quit();
    Path profile = Files.createTempDirectory("vigil-chromium-" + language);
    profiles.add(profile);
    driver = TestChromium.start(profile, language);
    // The tables are drawn again after each change: an element found a moment ago may be gone.
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class);
  }

  @Test
  void everyPageInBothLanguagesAndTheChoiceFollowsTheUser() throws Exception {
    // A Vietnamese browser: the pages are Vietnamese, and the admin and account screens work in it.
    browser("vi");
    signInPage("vi");
    signIn("opsvi", WebHarness.PASSWORD, "vi");
    visitEveryPage("vi");
    adminScreens("vi", "tamthoi");
    accountScreens("vi", "bao-cao", WebHarness.PASSWORD, NEW_PASSWORD);
    signIn("opsvi", NEW_PASSWORD, null);

    // The operator switches to English in the header: remembered for them on the server.
    driver.findElement(By.cssSelector("#lang-switch button[data-lang='en']")).click();
    wait.until(d -> "en".equals(js("return document.documentElement.lang")) && !d.findElements(By.id("whoami")).isEmpty());
    driver.findElement(By.id("logout")).click();
    wait.until(d -> d.getCurrentUrl().contains("/login.html"));

    // Another browser, still Vietnamese, never used by them: once signed in, English.
    browser("vi");
    signInPage("vi");
    signIn("opsvi", NEW_PASSWORD, "en");
    assertEquals("en", h.store.language(userId("opsvi")));
    visitEveryPage("en");
    adminScreens("en", "temporary");
    accountScreens("en", "reporting", NEW_PASSWORD, LAST_PASSWORD);

    // An English browser and a user who never chose: English from the start, by the browser's language.
    browser("en");
    signInPage("en");
    // Before signing in the page's own switch changes it, for this browser only.
    driver.findElement(By.cssSelector("#login-lang button[data-lang='vi']")).click();
    wait.until(d -> "vi".equals(js("return document.documentElement.lang"))
        && vi.getString("login.signIn").equals(d.findElement(By.id("sign-in")).getText()));
    driver.findElement(By.cssSelector("#login-lang button[data-lang='en']")).click();
    wait.until(d -> "en".equals(js("return document.documentElement.lang"))
        && en.getString("login.signIn").equals(d.findElement(By.id("sign-in")).getText()));
    signIn("opsen", WebHarness.PASSWORD, "en");
    assertEquals(en.getString("nav.signOut"), driver.findElement(By.id("logout")).getText());
  }

  private long userId(String username) throws Exception {
    WebHarness.Session admin = h.login("admin1");
    var items = new JsonObject(h.send("GET", "/api/v1/users", admin, null).body()).getJsonArray("items");
    for (int i = 0; i < items.size(); i++) {
      if (items.getJsonObject(i).getString("username").equals(username)) return items.getJsonObject(i).getLong("id");
    }
    throw new AssertionError("no user " + username);
  }

  /** The sign-in page, before anyone signed in: in the browser's language. */
  private void signInPage(String lang) throws Exception {
    driver.get(h.base() + "/login.html");
    wait.until(d -> !d.findElement(By.id("sign-in")).getText().isEmpty());
    assertEquals(lang, js("return document.documentElement.lang"), "the browser's language");
    assertEquals((lang.equals("vi") ? vi : en).getString("login.signIn"), driver.findElement(By.id("sign-in")).getText());
    checkTexts(lang, "login");
    screenshot(lang, "login");
  }

  /** Signs in; then the page must be in {@code lang} unless null. */
  private void signIn(String user, String password, String lang) throws Exception {
    driver.get(h.base() + "/login.html");
    wait.until(d -> !d.findElement(By.id("sign-in")).getText().isEmpty());
    driver.findElement(By.id("username")).sendKeys(user);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("sign-in")).click();
    wait.until(d -> !d.findElements(By.id("whoami")).isEmpty());
    if (lang != null) assertEquals(lang, js("return document.documentElement.lang"), "the page's language after sign-in");
  }

  private void visitEveryPage(String lang) throws Exception {
    for (Page p : PAGES) {
      driver.get(h.base() + p.path());
      wait.until(d -> !d.findElements(p.ready()).isEmpty());
      assertEquals(lang, js("return document.documentElement.lang"), p.name());
      assertEquals(en.getString("nav.signOut").equals(driver.findElement(By.id("logout")).getText()), lang.equals("en"));
      checkTexts(lang, p.name());
      screenshot(lang, p.name());
    }
    // Dates and numbers as the language writes them: 03/12/2026 20:02:05 and 42,5 in Vietnamese.
    driver.get(h.base() + "/alerts.html?camera=cam-a");
    // The first line of the first cell: when it was raised (a second line says since when it breached).
    String raised = wait.until(d -> d.findElement(By.cssSelector("tr[data-alert='" + h.alertA.id() + "'] td")).getText())
        .split("\n")[0];
    String pattern = lang.equals("vi") ? "dd/MM/yyyy HH:mm:ss" : "d MMM yyyy, HH:mm:ss";
    String expected = DateTimeFormatter.ofPattern(pattern, Locale.UK).withZone(ZoneId.systemDefault())
        .format(h.alertA.time());
    if (lang.equals("vi")) {
      assertTrue(raised.matches("\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2}"), raised);
      assertEquals(expected, raised);
    } else {
      assertTrue(raised.matches("\\d{1,2} [A-Z][a-z]{2,3} \\d{4}, \\d{2}:\\d{2}:\\d{2}"), raised);
    }
    driver.get(h.base() + "/camera.html?id=cam-a");
    String decimal = lang.equals("vi") ? "42,5" : "42.5";
    wait.until(d -> d.findElement(By.id("status")).getText().contains(decimal));
  }

  /** Texts on screen: no message key anywhere, and on a Vietnamese page no English word of the interface. */
  @SuppressWarnings("unchecked")
  private void checkTexts(String lang, String page) {
    List<String> texts = (List<String>) js("""
        const out = [document.title];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const p = n.parentElement;
          const shown = p.tagName === 'OPTION' || (p.getClientRects().length > 0 && getComputedStyle(p).visibility !== 'hidden');
          if (shown && p.tagName !== 'SCRIPT' && n.textContent.trim()) out.push(n.textContent.trim());
        }
        for (const e of document.querySelectorAll('[placeholder], [title], [aria-label], img[alt]')) {
          for (const a of ['placeholder', 'title', 'aria-label', 'alt']) if (e.getAttribute(a)) out.push(e.getAttribute(a));
        }
        return out;""");
    List<String> problems = new ArrayList<>();
    for (String text : texts) {
      if (KEY.matcher(text).matches()) problems.add("untranslated key: " + text);
      if (!lang.equals("vi")) continue;
      Matcher m = WORD.matcher(URL.matcher(text).replaceAll(" "));
      while (m.find()) {
        if (englishOnly.contains(m.group().toLowerCase(Locale.ROOT))) problems.add("English on a Vietnamese page: " + text);
      }
    }
    assertEquals(List.of(), problems, lang + " " + page);
  }

  private void adminScreens(String lang, String username) throws Exception {
    JsonObject m = lang.equals("vi") ? vi : en;
    driver.get(h.base() + "/admin.html");
    wait.until(d -> !d.findElements(By.cssSelector("#users tr[data-user]")).isEmpty());
    WebElement form = driver.findElement(By.id("add-user"));
    form.findElement(By.name("username")).sendKeys(username);
    form.findElement(By.name("password")).sendKeys(WebHarness.PASSWORD);
    form.findElement(By.cssSelector("button[type='submit']")).click();
    By row = By.cssSelector("tr[data-user='" + username + "']");
    wait.until(d -> !d.findElements(row).isEmpty());
    assertEquals(m.getString("admin.added").replace("{user}", username), driver.findElement(By.id("add-result")).getText());

    // A new password, typed under the user's row.
    click(row, "button.reset");
    WebElement reset = wait.until(d -> d.findElement(By.cssSelector("tr.reset-row input[name='new-password']")));
    checkTexts(lang, "admin-reset");
    screenshot(lang, "admin-reset");
    reset.sendKeys("a reset passphrase");
    driver.findElement(By.cssSelector("tr.reset-row button[type='submit']")).click();
    wait.until(d -> d.findElement(By.id("users-result")).getText()
        .equals(m.getString("admin.passwordReset").replace("{user}", username)));
    assertEquals(200, signInOverHttp(username, "a reset passphrase"));

    // Disabled: it cannot sign in, and the table says so in the page's language.
    click(row, "button.disable");
    wait.until(d -> "true".equals(d.findElement(row).getAttribute("data-disabled"))
        && d.findElement(row).getText().contains(m.getString("admin.state.disabled")));
    assertEquals(401, signInOverHttp(username, "a reset passphrase"));
    checkTexts(lang, "admin-disabled");

    // Deleted, once confirmed.
    click(row, "button.delete");
    wait.until(ExpectedConditions.alertIsPresent());
    assertEquals(m.getString("admin.confirmDelete").replace("{user}", username), driver.switchTo().alert().getText());
    driver.switchTo().alert().accept();
    wait.until(d -> d.findElements(row).isEmpty());

    // The audit log, filtered to one action of this operator.
    WebElement filter = driver.findElement(By.id("audit-filter"));
    new Select(filter.findElement(By.name("action"))).selectByValue("user_deleted");
    filter.findElement(By.name("actor")).sendKeys("opsvi");
    filter.findElement(By.cssSelector("button[type='submit']")).click();
    wait.until(d -> (Boolean) js("const rows = [...document.querySelectorAll('#audit tr[data-action]')];"
        + "return rows.length > 0 && rows.every((r) => r.dataset.action === 'user_deleted');"));
    String entry = (String) js("return document.querySelector('#audit tr[data-action]').innerText;");
    assertTrue(entry.contains(m.getString("admin.action.user_deleted")) && entry.contains(username), entry);
    checkTexts(lang, "admin-audit");
    screenshot(lang, "admin-audit-filtered");
    // Dates are typed day first in both languages: nothing was done before 2000.
    filter.findElement(By.name("to")).sendKeys("31/12/1999 23:59");
    filter.findElement(By.cssSelector("button[type='submit']")).click();
    wait.until(d -> d.findElements(By.cssSelector("#audit tr[data-action]")).isEmpty()
        && d.findElement(By.id("audit")).getText().equals(m.getString("admin.auditEmpty")));
  }

  /** Clicks the button in the row, finding both again if the table was drawn anew meanwhile. */
  private void click(By row, String button) {
    wait.until(d -> {
      d.findElement(row).findElement(By.cssSelector(button)).click();
      return true;
    });
  }

  private int signInOverHttp(String username, String password) throws Exception {
    HttpResponse<String> r = h.send("POST", "/api/v1/auth/login", null,
        new JsonObject().put("username", username).put("password", password).encode());
    return r.statusCode();
  }

  private void accountScreens(String lang, String tokenName, String password, String newPassword) throws Exception {
    JsonObject m = lang.equals("vi") ? vi : en;
    driver.get(h.base() + "/account.html");
    wait.until(d -> !d.findElements(By.cssSelector("#tokens > *")).isEmpty());

    // A token's secret is shown once, works, is gone after a reload, and stops working once revoked.
    driver.findElement(By.cssSelector("#token-form input[name='name']")).sendKeys(tokenName);
    driver.findElement(By.cssSelector("#token-form button[type='submit']")).click();
    WebElement secret = wait.until(d -> {
      WebElement s = d.findElement(By.id("token-secret"));
      return s.getText().startsWith("vgt_") ? s : null;
    });
    String token = secret.getText();
    checkTexts(lang, "account-token");
    screenshot(lang, "account-token-shown-once");
    Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
    assertEquals(200, h.send("GET", "/api/v1/auth/me", null, null, bearer).statusCode());
    driver.navigate().refresh();
    By row = By.cssSelector("tr[data-token='" + tokenName + "']");
    wait.until(d -> !d.findElements(row).isEmpty());
    assertFalse(driver.getPageSource().contains(token), "the secret is shown only once");
    click(row, "button.revoke");
    wait.until(ExpectedConditions.alertIsPresent());
    driver.switchTo().alert().accept();
    wait.until(d -> d.findElements(row).isEmpty());
    assertEquals(401, h.send("GET", "/api/v1/auth/me", null, null, bearer).statusCode());

    // The own password: a wrong current one is refused in the page's language, the right one signs out.
    WebElement form = driver.findElement(By.id("password-form"));
    form.findElement(By.name("current")).sendKeys("not my password");
    form.findElement(By.name("password")).sendKeys(newPassword);
    form.findElement(By.name("repeat")).sendKeys(newPassword);
    form.findElement(By.cssSelector("button[type='submit']")).click();
    wait.until(d -> d.findElement(By.id("password-result")).getText().equals(m.getString("account.wrongCurrent")));
    form.findElement(By.name("current")).clear();
    form.findElement(By.name("current")).sendKeys(password);
    form.findElement(By.cssSelector("button[type='submit']")).click();
    wait.until(d -> d.getCurrentUrl().contains("/login.html"));
    assertEquals(401, signInOverHttp("opsvi", password));
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private void screenshot(String lang, String name) throws Exception {
    File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(f.toPath(), SCREENSHOTS.resolve("i18n-" + lang + "-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
