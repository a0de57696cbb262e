package io.vigil.alerts;

import io.vertx.core.json.JsonObject;
import io.vigil.store.Alert;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sentence a person reads in a webhook or MQTT message ("Zone entrance over capacity: 34 people,
 * limit 20"), in every language of the viewer. Both languages travel in each payload, so that a receiver
 * (a chat bot, an e-mail relay) shows the one its reader uses; Vigil does not know who that is. The
 * messages are the viewer's own files (webroot/i18n/vi.json, en.json, keys {@code notify.*}), so one
 * file per language holds every translation and MessagesTest checks these keys with the rest.
 *
 * <p>Immutable once built: any thread may use it.
 */
final class AlertTexts {
  static final List<String> LANGUAGES = List.of("vi", "en");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)\\}");

  private final Map<String, JsonObject> messages;

  private AlertTexts(Map<String, JsonObject> messages) {
    this.messages = messages;
  }

  /** Reads the message files from the class path; fails when one is missing, as the viewer would. */
  static AlertTexts load() {
    Map<String, JsonObject> m = new LinkedHashMap<>();
    for (String lang : LANGUAGES) {
      String path = "webroot/i18n/" + lang + ".json";
      try (InputStream in = AlertTexts.class.getClassLoader().getResourceAsStream(path)) {
        if (in == null) throw new IllegalStateException("missing message file " + path);
        m.put(lang, new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new AlertTexts(Map.copyOf(m));
  }

  /** {"vi": "...", "en": "..."}: what happened to the alert, in a sentence per language. */
  JsonObject describe(String event, Alert a) {
    JsonObject out = new JsonObject();
    for (String lang : LANGUAGES) out.put(lang, sentence(lang, event, a));
    return out;
  }

  String sentence(String lang, String event, Alert a) {
    NumberFormat n = NumberFormat.getNumberInstance(lang.equals("vi") ? Locale.forLanguageTag("vi-VN") : Locale.UK);
    n.setMaximumFractionDigits(1);
    Map<String, String> params = Map.of("camera", a.cameraId(), "zone", a.zoneId() == null ? "" : a.zoneId(),
        "value", n.format(a.value()), "threshold", n.format(a.threshold()));
    String what = format(text(lang, "notify.kind." + a.kind(), "notify.kind.other"), params);
    return format(text(lang, "notify.title", null), Map.of("event", text(lang, "notify.event." + event, null), "text", what));
  }

  private String text(String lang, String key, String fallback) {
    JsonObject m = messages.get(lang);
    String s = m.getString(key);
    if (s == null && fallback != null) s = m.getString(fallback);
    if (s == null) throw new IllegalArgumentException("no message " + key + " in " + lang);
    return s;
  }

  private static String format(String message, Map<String, String> params) {
    Matcher m = PLACEHOLDER.matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = params.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(v == null ? m.group() : v));
    }
    m.appendTail(out);
    return out.toString();
  }
}
