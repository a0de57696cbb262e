package io.vigil.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of an alert's notes: who wrote it, when, and what. Notes are only ever added, never
 * changed or replaced, so an operator's note stays beside the one Vigil writes when it closes the alert.
 *
 * @param by a user name, or {@link #SYSTEM} for what Vigil itself wrote
 */
public record AlertNote(Instant at, String by, String text) {
  /** Who writes the notes and actions of the incident engine. */
  public static final String SYSTEM = "vigil";
  /** As much as an operator writes in the inbox's box, with room; the API's own limit is lower. */
  public static final int MAX_TEXT = Ids.MAX_TEXT;

  public AlertNote {
    Objects.requireNonNull(at, "at");
    if (by == null || by.isBlank() || by.length() > 200) {
      throw new IllegalArgumentException("a note's author must be named, in at most 200 characters");
    }
    if (text == null || text.isBlank()) throw new IllegalArgumentException("a note needs a text");
    Ids.text(text, "note");
  }
}
