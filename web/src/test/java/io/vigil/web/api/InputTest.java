package io.vigil.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vigil.web.ApiError;
import java.nio.file.Path;
import java.text.Normalizer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/** Properties of the request validators: every input is either accepted in a safe form or refused with a 400. */
class InputTest {
  private static final String BIDI = "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C";

  @Property
  void anyTextIsAcceptedSafeOrRefusedWith400(@ForAll @StringLength(max = 300) String s) {
    try {
      String out = Input.text("f", s, 200, false, false);
      assertTrue(out.codePointCount(0, out.length()) <= 200);
      assertEquals(Normalizer.normalize(out, Normalizer.Form.NFC), out);
      out.chars().forEach(c -> {
        int t = Character.getType(c);
        assertTrue(t != Character.CONTROL && t != Character.FORMAT && t != Character.UNASSIGNED, "char " + c);
      });
      assertEquals(out, Input.text("f", out, 200, false, false), "validation is idempotent");
    } catch (ApiError e) {
      assertEquals(400, e.status());
      assertTrue(e.getMessage().startsWith("f "), e.getMessage());
    }
  }

  @Property
  void bidiAndControlCharactersAreRefusedAnywhere(@ForAll("plain") String before, @ForAll("plain") String after,
      @ForAll("dangerous") char c) {
    ApiError e = assertThrows(ApiError.class, () -> Input.text("name", before + c + after, 200, true, false));
    assertEquals(400, e.status());
  }

  @Property
  void plainTextIsAcceptedAndNormalised(@ForAll("plain") String s) {
    String decomposed = Normalizer.normalize(s + "e\u0301", Normalizer.Form.NFD);
    assertEquals(Normalizer.normalize(s + "\u00e9", Normalizer.Form.NFC).strip(),
        Input.text("f", decomposed, 200, true, false));
  }

  @Property
  void lineBreaksOnlyInMultilineText(@ForAll("plain") String a, @ForAll("plain") String b) {
    assertThrows(ApiError.class, () -> Input.text("f", a + "x\nx" + b, 200, false, false));
    assertNotNull(Input.text("f", a + "x\nx" + b, 200, false, true));
  }

  @Property
  void tooLongTextIsRefused(@ForAll @StringLength(min = 201, max = 400) String s) {
    String letters = "a".repeat(s.length());
    assertThrows(ApiError.class, () -> Input.text("f", letters, 200, true, false));
  }

  @Property
  void anyBytesAreAJsonObjectOrMalformed(@ForAll byte[] bytes) {
    try {
      assertNotNull(Input.object(Buffer.buffer(bytes)));
    } catch (ApiError e) {
      assertEquals("malformed_json", e.code());
    }
  }

  @Property
  void wrongTypesAreRefused(@ForAll("notStrings") Object v) {
    ApiError e = assertThrows(ApiError.class, () -> Input.text(new JsonObject().put("name", v), "name", 10, true, false));
    assertEquals("name must be a string", e.getMessage());
  }

  @Property
  void snapshotReferencesNeverLeaveTheDirectory(@ForAll("pathLike") String ref) {
    Path root = Path.of("/var/lib/vigil/snapshots");
    try {
      Path p = DirectorySnapshots.resolve(root, ref);
      assertTrue(p.startsWith(root) && !p.equals(root), p.toString());
      assertTrue(!ref.contains("..") && !ref.startsWith("/") && !ref.contains("\\"), ref);
    } catch (IllegalArgumentException e) {
      // refused before any file system call
    }
  }

  @Example
  void traversalAttemptsAreRefused() {
    Path root = Path.of("/srv/snap");
    for (String ref : new String[] {"../etc/passwd", "a/../../x.jpg", "/etc/passwd", "a//b.jpg", "a\\..\\b.jpg",
        "%2e%2e/x.jpg", ".hidden", "a/./b.jpg", "", "a/"}) {
      assertThrows(IllegalArgumentException.class, () -> DirectorySnapshots.resolve(root, ref), ref);
    }
    assertEquals(root.resolve("cam-a/2026/alert-1.jpg"), DirectorySnapshots.resolve(root, "cam-a/2026/alert-1.jpg"));
  }

  @Example
  void lookAlikeUserNamesAreOneAccount() {
    assertEquals("admin", AuthApi.username("ＡＤＭＩＮ"));
    assertEquals("admin", AuthApi.username("Admin"));
    assertThrows(ApiError.class, () -> AuthApi.username("ad min"));
  }

  @Provide
  Arbitrary<String> plain() {
    return Arbitraries.strings().withCharRange('a', 'z').withChars(" -'éüß漢").ofMaxLength(40);
  }

  @Provide
  Arbitrary<Character> dangerous() {
    return Arbitraries.oneOf(Arbitraries.of(BIDI.toCharArray()), Arbitraries.chars().range('\u0000', '\u0008'),
        Arbitraries.chars().range('\u007f', '\u009f'), Arbitraries.of('\u200B', '\uFEFF', '\u2028', '\r', '\uFFFF',
            '\uD800'));
  }

  @Provide
  Arbitrary<Object> notStrings() {
    return Arbitraries.oneOf(Arbitraries.integers().map(i -> (Object) i), Arbitraries.of(true, false),
        Arbitraries.doubles().map(d -> (Object) d), Arbitraries.just(new JsonObject().put("a", 1)),
        Arbitraries.just(new io.vertx.core.json.JsonArray().add("x")));
  }

  @Provide
  Arbitrary<String> pathLike() {
    Arbitrary<String> seg = Arbitraries.oneOf(Arbitraries.of("..", ".", "", "cam-a", "a.jpg", "%2e%2e", "..\\", "~"),
        Arbitraries.strings().withChars("a.-_/\\:%0").ofMaxLength(8));
    return seg.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("/", l))
        .flatMap(s -> Arbitraries.of(s, "/" + s));
  }
}
