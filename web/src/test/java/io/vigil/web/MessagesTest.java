package io.vigil.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The viewer's two message files (webroot/i18n/vi.json and en.json) hold the same keys, every key the
 * pages name exists, and placeholders agree: a missing translation fails here, not in front of an
 * operator. For keys built at run time ('camera.state.' + state) only the prefix is checked here.
 */
class MessagesTest {
  private static final Path WEBROOT = Path.of("src/main/resources/webroot");
  /** t('key'), I18n.t('key'), and the static data-i18n attributes. */
  private static final Pattern JS_KEY = Pattern.compile("\\bt\\(\\s*'([A-Za-z0-9_.]+)'");
  private static final Pattern HTML_KEY =
      Pattern.compile("data-i18n(?:-title|-placeholder|-aria-label)?=\"([A-Za-z0-9_.]+)\"");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)\\}");
  /** Letters only Vietnamese uses: a file without them is not Vietnamese. */
  private static final Pattern VIETNAMESE = Pattern.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]");

  @Test
  void bothLanguagesHoldTheSameKeysWithTheSamePlaceholders() throws IOException {
    JsonObject vi = messages("vi");
    JsonObject en = messages("en");
    assertEquals(new TreeSet<>(en.fieldNames()), new TreeSet<>(vi.fieldNames()),
        "vi.json and en.json must hold the same keys");
    for (String key : en.fieldNames()) {
      assertTrue(!vi.getString(key).isBlank() && !en.getString(key).isBlank(), key + " is empty");
      assertEquals(placeholders(en.getString(key)), placeholders(vi.getString(key)),
          key + ": the two languages name different {placeholders}");
    }
    long vietnamese = vi.fieldNames().stream().filter(k -> VIETNAMESE.matcher(vi.getString(k).toLowerCase()).find()).count();
    assertTrue(vietnamese * 2 > vi.size(), "most of vi.json should read as Vietnamese, with its diacritics");
  }

  @Test
  void everyKeyThePagesNameExists() throws IOException {
    JsonObject vi = messages("vi");
    List<String> missing = new ArrayList<>();
    try (Stream<Path> files = Files.list(WEBROOT)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".js") || p.toString().endsWith(".html")).sorted().toList()) {
        Matcher m = (f.toString().endsWith(".js") ? JS_KEY : HTML_KEY).matcher(Files.readString(f));
        while (m.find()) {
          String key = m.group(1);
          // t('camera.state.' + state): a prefix must start at least one key.
          boolean known = key.endsWith(".") ? vi.fieldNames().stream().anyMatch(k -> k.startsWith(key)) : vi.containsKey(key);
          if (!known) missing.add(f.getFileName() + ": " + key);
        }
      }
    }
    assertEquals(List.of(), missing, "keys used by the pages but missing from the message files");
  }

  @Test
  void everyPageLoadsTheMessagesFirst() throws IOException {
    try (Stream<Path> files = Files.list(WEBROOT)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".html")).toList()) {
        String html = Files.readString(f);
        int i18n = html.indexOf("<script src=\"i18n.js\">");
        int app = html.indexOf("<script src=\"app.js\">");
        assertTrue(i18n >= 0 && i18n < app, f.getFileName() + " must load i18n.js before app.js");
      }
    }
  }

  private static JsonObject messages(String lang) throws IOException {
    return new JsonObject(Files.readString(WEBROOT.resolve("i18n").resolve(lang + ".json")));
  }

  private static Set<String> placeholders(String message) {
    Set<String> names = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(message);
    while (m.find()) names.add(m.group(1));
    return names;
  }
}
