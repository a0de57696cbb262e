package io.vigil.web.api;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the OpenAPI document to a file without starting a server: the build lints it and generates the
 * test client from it (web/pom.xml). Usage: {@code OpenApiFile <path>}.
 */
public final class OpenApiFile {
  private OpenApiFile() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) throw new IllegalArgumentException("usage: OpenApiFile <path of the document to write>");
    Path out = Path.of(args[0]);
    if (out.getParent() != null) Files.createDirectories(out.getParent());
    Files.writeString(out, OpenApi.document(OpenApi.catalog()).encodePrettily() + "\n", StandardCharsets.UTF_8);
  }
}
