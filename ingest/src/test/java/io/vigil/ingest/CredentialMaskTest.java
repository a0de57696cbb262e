package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class CredentialMaskTest {

  @Test
  void masksThePasswordInAnFfmpegMessage() {
    String msg = "avformat_open_input() error -111: Could not open input \"rtsp://admin:hunter2@10.0.0.5:554/stream1\".";
    assertEquals("avformat_open_input() error -111: Could not open input \"rtsp://admin:***@10.0.0.5:554/stream1\".",
        CredentialMask.mask(msg));
  }

  @Test
  void leavesUrlsWithoutPasswordsAlone() {
    assertEquals("rtsp://10.0.0.5/s and rtsp://user@10.0.0.5/s", CredentialMask.mask("rtsp://10.0.0.5/s and rtsp://user@10.0.0.5/s"));
    assertEquals("no url at all: a:b@c", CredentialMask.mask("no url at all: a:b@c"));
    assertNull(CredentialMask.mask(null));
  }

  @Test
  void masksEveryUrlAndAKnownSecretOutsideUrls() {
    String masked = CredentialMask.mask("tried rtsps://u:p1@h/a then http://u:p2@h/b; password p1 was wrong", "p1");
    assertEquals("tried rtsps://u:***@h/a then http://u:***@h/b; password *** was wrong", masked);
  }

  @Test
  void masksAKnownSecretInItsPercentEncodedFormToo() {
    assertEquals("user op sent *** (***)", CredentialMask.mask("user op sent S3nt%21n3l%3A%40%2F%23%3F%25 (S3nt!n3l:@/#?%)",
        "S3nt!n3l:@/#?%"));
  }

  @Property
  void noPasswordSurvives(@ForAll @StringLength(min = 1, max = 40) @CharRange(from = '!', to = '~') @Chars({'@', ':'}) String password) {
    if (password.contains("/") || password.contains("\"") || password.contains("'")) return;
    String url = "rtsp://operator:" + password + "@192.168.1.20:554/live";
    String masked = CredentialMask.mask("Could not open input \"" + url + "\"");
    assertEquals("Could not open input \"rtsp://operator:***@192.168.1.20:554/live\"", masked);
    assertFalse(masked.contains(":" + password + "@"));
  }
}
