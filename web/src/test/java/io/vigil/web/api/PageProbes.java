package io.vigil.web.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.imageio.ImageIO;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** What the browser tests of the chart, the map and registration read off a page, and a basemap tile they serve. */
final class PageProbes {
  private PageProbes() {}

  /**
   * Reads what uPlot drew: the chart keeps its instance on the box. Axis label, the tick texts it
   * rendered, and the canvas pixel at series s's first value.
   */
  static final String CHART_PROBES = """
      window.OccupancyChartTest = {
        plot() { return document.getElementById('chart').uplot; },
        axisLabel(i) { return this.plot().axes[i].label; },
        ticks(i) { return (this.plot().axes[i]._values || []).filter((v) => v !== null).map(String); },
        pixelAtFirstValue(s) {
          const u = this.plot();
          const i = u.data[s].findIndex((v) => v !== null);
          const x = Math.round(u.valToPos(u.data[0][i], 'x', true));
          const y = Math.round(u.valToPos(u.data[s][i], 'y', true));
          return Array.from(u.ctx.getImageData(x, y, 1, 1).data);
        },
      };""";

  static byte[] tilePng() throws Exception {
    BufferedImage img = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(0xd8, 0xe4, 0xd0));
    g.fillRect(0, 0, 256, 256);
    g.setColor(new Color(0x9a, 0xb0, 0x90));
    g.drawRect(0, 0, 255, 255);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  /** Every resource the page loaded came from this machine (Performance resource timing entries). */
  static void assertOnlyLoopback(WebDriver driver) {
    @SuppressWarnings("unchecked")
    List<String> hosts = (List<String>) js(driver, "return performance.getEntriesByType('resource')"
        + ".map((e) => new URL(e.name).hostname).concat([location.hostname]);");
    for (String host : hosts) assertTrue(host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"), hosts.toString());
    @SuppressWarnings("unchecked")
    List<String> libs = (List<String>) js(driver, "return performance.getEntriesByType('resource').map((e) => e.name)"
        + ".filter((n) => n.includes('/webjars/'));");
    assertFalse(libs.isEmpty(), "the libraries come from the jar: " + libs);
  }

  static JsonObject messages(String lang) throws Exception {
    try (InputStream in = PageProbes.class.getResourceAsStream("/webroot/i18n/" + lang + ".json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** The computed style, as the browser paints it. */
  static String css(WebDriver driver, WebElement e, String property) {
    return (String) js(driver, "return getComputedStyle(arguments[0]).getPropertyValue(arguments[1]);", e, property);
  }

  static boolean canvasHasInk(WebDriver driver, WebElement canvas) {
    return (Boolean) js(driver, "const c = arguments[0]; if (!c.width || !c.height) return false;"
        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        + "for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true; return false;", canvas);
  }

  private static Object js(WebDriver driver, String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }
}
