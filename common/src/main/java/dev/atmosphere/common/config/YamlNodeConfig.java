package dev.atmosphere.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.atmosphere.common.config.NodeConfigSchema.Key;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a node's configuration in the design's YAML shape: the {@code atmosphere:} section of
 * {@code ~/.llamafarm/config.yaml} when it has one, else {@code ~/.atmosphere/config.yaml}, or the file named by
 * {@code ATMOSPHERE_CONFIG}; {@code ATMOSPHERE_<PATH>} environment variables override single keys. Unknown keys,
 * wrong types and out-of-range values are all reported at once, each naming the file, the key path and what is
 * allowed; the result is a settings layer whose sources say which file and key every value came from.
 */
public final class YamlNodeConfig {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> PROVIDER_TYPES = List.of("ollama", "llamafarm", "openai", "vllm", "lemonade",
      "universal");

  private YamlNodeConfig() {}

  /** The file a node reads: {@code ATMOSPHERE_CONFIG}, else LlamaFarm's config with an atmosphere section, else ours. */
  public static Optional<Path> locate(Map<String, String> env, Path home) {
    if (env.containsKey("ATMOSPHERE_CONFIG")) {
      return Optional.of(Path.of(env.get("ATMOSPHERE_CONFIG")));
    }
    Path llamafarm = home.resolve(".llamafarm/config.yaml");
    if (Files.isRegularFile(llamafarm) && hasAtmosphereSection(llamafarm)) {
      return Optional.of(llamafarm);
    }
    Path ours = home.resolve(".atmosphere/config.yaml");
    return Files.isRegularFile(ours) ? Optional.of(ours) : Optional.empty();
  }

  private static boolean hasAtmosphereSection(Path file) {
    try {
      return YAML.readTree(file.toFile()).has("atmosphere");
    } catch (IOException e) {
      return true; // let load() report the parse error against this file
    }
  }

  /** Values read, and every problem found on the way (each naming file, key path and what is allowed). */
  public record Loaded(Map<String, Settings.Value> values, List<String> problems) {}

  /** Settings values from {@code file} (may be absent) and the YAML-path environment variables. */
  public static Loaded load(Optional<Path> file, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Map<String, Settings.Value> out = new LinkedHashMap<>();
    if (file.isPresent()) {
      read(file.get(), out, problems);
    }
    for (Key key : NodeConfigSchema.KEYS.values()) {
      String value = env.get(key.envName());
      if (value != null) {
        String checked = check(key, YAML.getNodeFactory().textNode(value), "env " + key.envName(), problems, true);
        if (checked != null) {
          out.put(key.setting(), new Settings.Value(checked, "env " + key.envName()));
        }
      }
    }
    return new Loaded(out, problems);
  }

  private static void read(Path file, Map<String, Settings.Value> out, List<String> problems) {
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(List.of(file + ": must be a YAML mapping with an 'atmosphere:' section"));
    }
    walk(file, "atmosphere", root.path("atmosphere"), out, problems);
    providers(file, root.path("models").path("providers"), out, problems);
  }

  private static void walk(Path file, String path, JsonNode node, Map<String, Settings.Value> out,
      List<String> problems) {
    if (node.isMissingNode()) {
      return;
    }
    Key key = NodeConfigSchema.KEYS.get(path);
    if (key != null) {
      String value = check(key, node, file + ": " + path, problems, false);
      if (value != null) {
        out.put(key.setting(), new Settings.Value(value, file + ": " + path));
      }
      return;
    }
    if (path.equals("atmosphere.kafka.client") && node.isObject()) {
      node.fields().forEachRemaining(e -> out.put("kafka.client." + e.getKey(),
          new Settings.Value(e.getValue().asText(), file + ": " + path + "." + e.getKey())));
      return;
    }
    if (!node.isObject() || !isSection(path)) {
      problems.add(file + ": key '" + path + "' is not a known key" + suggestion(path));
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      walk(file, path + "." + f.getKey(), f.getValue(), out, problems);
    }
  }

  private static boolean isSection(String path) {
    String prefix = path + ".";
    return path.equals("atmosphere") || path.equals("atmosphere.kafka")
        || NodeConfigSchema.KEYS.keySet().stream().anyMatch(k -> k.startsWith(prefix));
  }

  /** The value as a settings string, or null after recording a problem. */
  private static String check(Key key, JsonNode node, String where, List<String> problems, boolean fromText) {
    String what = where.startsWith("env ") ? where + " (" + key.path() + ")" : where;
    if (node.isNull()) {
      if (key.nullable()) {
        return null;
      }
      problems.add(what + ": must be " + key.allowed() + ", not null");
      return null;
    }
    String text = node.asText();
    boolean ok = switch (key.type()) {
      case BOOL -> node.isBoolean() || (fromText && (text.equals("true") || text.equals("false")));
      case INT, SECONDS -> (node.canConvertToLong() && node.isIntegralNumber() || fromText && text.matches("-?\\d+"))
          && Double.parseDouble(text) >= key.min() && Double.parseDouble(text) <= key.max();
      case NUMBER -> (node.isNumber() || fromText && text.matches("-?\\d+(\\.\\d+)?"))
          && Double.parseDouble(text) >= key.min() && Double.parseDouble(text) <= key.max();
      case ENUM -> node.isTextual() && key.values().contains(text);
      case STRING -> node.isValueNode() && !text.isBlank();
      case LIST -> node.isArray() || fromText;
    };
    if (!ok) {
      problems.add(what + ": must be " + key.allowed() + ", not " + (node.isTextual() ? "'" + text + "'" : node));
      return null;
    }
    return switch (key.type()) {
      case LIST -> {
        if (fromText) {
          yield text;
        }
        List<String> items = new ArrayList<>();
        node.forEach(n -> items.add(n.asText()));
        yield String.join(",", items);
      }
      case SECONDS -> text + "s";
      default -> text;
    };
  }

  /** {@code models.providers[]}: the first Ollama and LlamaFarm entries (by priority) give their URLs. */
  private static void providers(Path file, JsonNode providers, Map<String, Settings.Value> out, List<String> problems) {
    if (providers.isMissingNode() || providers.isNull()) {
      return;
    }
    if (!providers.isArray()) {
      problems.add(file + ": models.providers: must be a list of {type, url, priority}");
      return;
    }
    List<JsonNode> sorted = new ArrayList<>();
    for (int i = 0; i < providers.size(); i++) {
      JsonNode p = providers.get(i);
      String at = file + ": models.providers[" + i + "]";
      if (!PROVIDER_TYPES.contains(p.path("type").asText())) {
        problems.add(at + ".type: must be one of " + String.join(", ", PROVIDER_TYPES));
      } else if (!p.path("url").asText("").matches("https?://.+")) {
        problems.add(at + ".url: must be an http(s) URL");
      } else if (p.has("priority") && !p.get("priority").canConvertToInt()) {
        problems.add(at + ".priority: must be an integer");
      } else {
        sorted.add(p);
      }
    }
    sorted.sort(Comparator.comparingInt((JsonNode p) -> p.path("priority").asInt(0)));
    for (String type : List.of("ollama", "llamafarm")) {
      sorted.stream().filter(p -> p.path("type").asText().equals(type)).findFirst().ifPresent(p ->
          out.put(type.equals("ollama") ? "ollama.host" : "llamafarm.url",
              new Settings.Value(p.path("url").asText(), file + ": models.providers (" + type + ")")));
    }
  }

  private static String suggestion(String path) {
    String last = path.substring(path.lastIndexOf('.') + 1);
    return NodeConfigSchema.KEYS.keySet().stream()
        .filter(k -> distance(k.substring(k.lastIndexOf('.') + 1), last) <= 2)
        .findFirst().map(k -> " (did you mean '" + k + "'?)").orElse("");
  }

  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      for (int j = 0; j <= b.length(); j++) {
        d[i][j] = i == 0 ? j : j == 0 ? i : Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1),
            d[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      }
    }
    return d[a.length()][b.length()];
  }
}
