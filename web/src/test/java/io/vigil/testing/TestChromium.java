package io.vigil.testing;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium for the browser tests. Selenium is never let to download a browser or driver. */
public final class TestChromium {
  private TestChromium() {}

  /**
   * Starts Chromium with a fresh profile in {@code profile}. Background networking, component updates
   * and sync are off: this machine's network is closed and Chromium would otherwise keep dialling out.
   */
  public static WebDriver start(Path profile) {
    return start(profile, null);
  }

  /**
   * As {@link #start(Path)}, with {@code language} (such as "vi" or "en") as the browser's language:
   * the user interface's, {@code navigator.languages} and the Accept-Language header. Null keeps
   * Chromium's own.
   */
  public static WebDriver start(Path profile, String language) {
    ChromeOptions options = new ChromeOptions();
    if (language != null) {
      options.addArguments("--lang=" + language);
      options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
    }
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--no-pings",
        "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--disable-dev-shm-usage",
        "--window-size=1280,900", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }
}
