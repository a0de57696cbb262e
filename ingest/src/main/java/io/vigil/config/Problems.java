package io.vigil.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/** Collects every problem in a file so that one start reports all of them. */
final class Problems {
  private final Path file;
  private final List<String> list = new ArrayList<>();

  Problems(Path file) {
    this.file = file;
  }

  void add(Node at, String key, String message) {
    int line = at == null ? 0 : at.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    list.add(file + ":" + line + ": " + key + ": " + message);
  }

  void addAtLine(int line, String message) {
    list.add(file + ":" + line + ": " + message);
  }

  void addFileLevel(String message) {
    list.add(file + ": " + message);
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  List<String> list() {
    return list;
  }
}
