package dev.atmosphere.ops.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every relative link of the README, CONTRIBUTING and docs/ leads to a file that exists, and to a heading there. */
class DocsLinksTest {

  private static final Path ROOT = Path.of("..");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  @Test
  void shouldLeadEveryRelativeLinkToAnExistingFileAndHeading() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("CONTRIBUTING.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
    }
    List<String> broken = new ArrayList<>();
    int links = 0;
    for (Path page : pages) {
      Matcher m = LINK.matcher(Files.readString(page));
      while (m.find()) {
        String target = m.group(1);
        if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("mailto:")) {
          continue;
        }
        links++;
        String[] parts = target.split("#", 2);
        Path file = parts[0].isEmpty() ? page : page.getParent().resolve(parts[0]).normalize();
        if (!Files.exists(file)) {
          broken.add(page.getFileName() + " → " + target + " (no such file)");
        } else if (parts.length == 2 && Files.isRegularFile(file) && !anchors(file).contains(parts[1])) {
          broken.add(page.getFileName() + " → " + target + " (no such heading)");
        }
      }
    }

    assertThat(links).isGreaterThan(20);
    assertThat(broken).isEmpty();
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces as dashes. */
  private static List<String> anchors(Path file) throws IOException {
    return Files.readAllLines(file).stream().filter(l -> l.startsWith("#"))
        .map(l -> l.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 \\-]", "")
            .replace(' ', '-'))
        .toList();
  }
}
