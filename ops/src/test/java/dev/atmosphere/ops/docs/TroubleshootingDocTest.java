package dev.atmosphere.ops.docs;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The troubleshooting guide describes errors the code emits today: every message heading ({@code ### `…`}) must be
 * found, piece by piece between its {@code …} placeholders, in a string of the main sources or the launcher script.
 */
class TroubleshootingDocTest {

  private static final Path ROOT = Path.of("..");
  private static final Pattern HEADING = Pattern.compile("^### `(.+)`$", Pattern.MULTILINE);

  private static String sources() throws IOException {
    StringBuilder all = new StringBuilder(Files.readString(ROOT.resolve("atmosphere")));
    try (Stream<Path> files = Files.walk(ROOT)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/")
          && !f.toString().contains("/target/")).toList()) {
        all.append(Files.readString(p)).append('\n');
      }
    }
    return all.toString();
  }

  @Test
  void shouldOnlyDescribeMessagesTheCodeEmits() throws IOException {
    String doc = Files.readString(ROOT.resolve("docs/troubleshooting.md"));
    String code = sources();
    List<String> missing = new ArrayList<>();
    Matcher m = HEADING.matcher(doc);
    int headings = 0;
    while (m.find()) {
      headings++;
      for (String piece : m.group(1).split("…")) {
        String p = piece.strip();
        if (p.length() >= 6 && !code.contains(p)) {
          missing.add(m.group(1) + "  →  '" + p + "'");
        }
      }
    }

    assertThat(headings).isGreaterThanOrEqualTo(20);
    assertThat(missing).isEmpty();
  }
}
