package dev.atmosphere.scaler.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.atmosphere.schemas.CapabilityType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the design's {@code scaling.yaml} ({@code scaling_policies: [...]}) into one policy per capability type.
 * Every problem is collected and reported together, each naming the file and the key path, as the node config does.
 */
public final class ScalingPolicies {

  private static final Pattern MAC = Pattern.compile("([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}");
  private static final Set<String> POLICY_KEYS = Set.of("capability_type", "min_replicas", "max_replicas",
      "scale_up_threshold", "scale_down_threshold", "cooldown_minutes", "backends");

  private final Map<CapabilityType, ScalingPolicy> byType;

  private ScalingPolicies(Map<CapabilityType, ScalingPolicy> byType) {
    this.byType = byType;
  }

  public static ScalingPolicies of(List<ScalingPolicy> policies) {
    Map<CapabilityType, ScalingPolicy> map = new EnumMap<>(CapabilityType.class);
    policies.forEach(p -> map.put(p.type(), p));
    return new ScalingPolicies(map);
  }

  public Optional<ScalingPolicy> forType(CapabilityType type) {
    return Optional.ofNullable(byType.get(type));
  }

  public List<ScalingPolicy> all() {
    return List.copyOf(byType.values());
  }

  /** Parses {@code file}; throws {@link IllegalArgumentException} listing every problem. */
  public static ScalingPolicies load(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  public static ScalingPolicies parse(String yaml, String source) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": not valid YAML (" + e.getMessage() + ")", e);
    }
    List<String> problems = new ArrayList<>();
    JsonNode list = root == null ? null : root.get("scaling_policies");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException(source + ": scaling_policies: must be a list of policies");
    }
    List<ScalingPolicy> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      ScalingPolicy p = policy(list.get(i), "scaling_policies[" + i + "]", problems);
      if (p != null) {
        out.add(p);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems.stream().map(p -> source + ": " + p)
          .reduce((a, b) -> a + "\n" + b).orElseThrow());
    }
    return of(out);
  }

  private static ScalingPolicy policy(JsonNode n, String path, List<String> problems) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!POLICY_KEYS.contains(key)) {
        problems.add(path + "." + key + ": unknown key; allowed: " + POLICY_KEYS.stream().sorted().toList());
      }
    }
    CapabilityType type = null;
    String typeName = n.path("capability_type").asText("");
    try {
      type = CapabilityType.valueOf(typeName.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(path + ".capability_type: '" + typeName + "' is not one of llm, embeddings, rag, agent, vision");
    }
    int min = n.path("min_replicas").asInt(0);
    int max = n.path("max_replicas").asInt(Integer.MAX_VALUE);
    double up = n.path("scale_up_threshold").asDouble(0.7);
    double down = n.path("scale_down_threshold").asDouble(0.2);
    if (min < 0) {
      problems.add(path + ".min_replicas: must be 0 or more, not " + min);
    }
    if (max < Math.max(1, min)) {
      problems.add(path + ".max_replicas: must be at least 1 and at least min_replicas (" + min + "), not " + max);
    }
    if (up <= 0 || up > 1 || down < 0 || down >= up) {
      problems.add(path + ".scale_down_threshold/scale_up_threshold: need 0 ≤ down < up ≤ 1, got " + down + " and " + up);
    }
    Duration cooldown = Duration.ofSeconds(Math.round(n.path("cooldown_minutes").asDouble(5) * 60));
    List<ScalingPolicy.Backend> backends = new ArrayList<>();
    JsonNode list = n.path("backends");
    for (int i = 0; i < list.size(); i++) {
      ScalingPolicy.Backend b = backend(list.get(i), path + ".backends[" + i + "]", problems);
      if (b != null) {
        backends.add(b);
      }
    }
    backends.sort(Comparator.comparingInt(ScalingPolicy.Backend::priority).reversed());
    return type == null ? null : new ScalingPolicy(type, min, max, up, down, cooldown, backends);
  }

  private static ScalingPolicy.Backend backend(JsonNode n, String path, List<String> problems) {
    int priority = switch (n.path("priority").asText("normal")) {
      case "high" -> 2;
      case "low" -> 0;
      case "normal" -> 1;
      default -> {
        problems.add(path + ".priority: must be high, normal or low, not '" + n.path("priority").asText() + "'");
        yield 1;
      }
    };
    switch (n.path("type").asText("")) {
      case "kubernetes" -> {
        if (n.path("deployment").asText("").isBlank()) {
          problems.add(path + ".deployment: required for a kubernetes backend");
          return null;
        }
        return new ScalingPolicy.Kubernetes(n.path("namespace").asText("default"), n.path("deployment").asText(),
            priority);
      }
      case "wake-on-lan" -> {
        List<String> macs = new ArrayList<>();
        n.path("mac_addresses").forEach(m -> macs.add(m.asText()));
        if (macs.isEmpty()) {
          problems.add(path + ".mac_addresses: at least one MAC address is required");
        }
        macs.stream().filter(m -> !MAC.matcher(m).matches())
            .forEach(m -> problems.add(path + ".mac_addresses: '" + m + "' is not a MAC address like 00:11:22:33:44:55"));
        return new ScalingPolicy.WakeOnLan(macs, n.path("broadcast").asText("255.255.255.255"),
            n.path("port").asInt(9), priority);
      }
      default -> {
        problems.add(path + ".type: must be kubernetes or wake-on-lan, not '" + n.path("type").asText() + "'");
        return null;
      }
    }
  }
}
