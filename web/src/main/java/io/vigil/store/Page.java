package io.vigil.store;

import java.util.List;

/** One page of a longer result. {@code total} counts every match, not only this page. */
public record Page<T>(List<T> items, int offset, int limit, long total) {
  public Page {
    items = List.copyOf(items);
  }
}
