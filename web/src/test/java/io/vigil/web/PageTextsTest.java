package io.vigil.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No page carries a text of its own: every word in the static HTML comes from the message files through a
 * data-i18n attribute, so neither language can be left with the other's words. (What scripts draw is
 * checked on screen, in both languages, by I18nBrowserIT.)
 */
class PageTextsTest {
  private static final Path WEBROOT = Path.of("src/main/resources/webroot");
  /** Text between two tags, and the tag before it. */
  private static final Pattern TEXT = Pattern.compile("(<[^>]*>)([^<]*)");
  /** Attributes a person reads, written out rather than named by data-i18n-*. */
  private static final Pattern ATTRIBUTE = Pattern.compile("\\s(placeholder|title|aria-label|alt)=\"([^\"]*)\"");
  private static final Pattern LETTERS = Pattern.compile("\\p{L}{2,}");
  /** An example address (rtsp://) reads the same in every language. */
  private static final Pattern ADDRESS = Pattern.compile("[a-z]+://\\S*");

  @Test
  void everyTextInThePagesIsAKey() throws IOException {
    List<String> literal = new ArrayList<>();
    try (Stream<Path> files = Files.list(WEBROOT)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".html")).sorted().toList()) {
        String html = Files.readString(f);
        Matcher m = TEXT.matcher(html);
        while (m.find()) {
          String tag = m.group(1);
          String text = m.group(2).strip();
          if (!LETTERS.matcher(text).find() || tag.startsWith("<script")) continue;
          // The default shown for a moment before the messages arrive, which data-i18n replaces.
          if (tag.contains("data-i18n=\"")) continue;
          literal.add(f.getFileName() + ": " + text);
        }
        Matcher a = ATTRIBUTE.matcher(html);
        while (a.find()) {
          if (LETTERS.matcher(a.group(2)).find() && !ADDRESS.matcher(a.group(2)).matches()) literal.add(f.getFileName() + ": " + a.group(1) + "=" + a.group(2));
        }
      }
    }
    assertEquals(List.of(), literal, "texts written into the pages instead of named by a data-i18n key");
  }
}
