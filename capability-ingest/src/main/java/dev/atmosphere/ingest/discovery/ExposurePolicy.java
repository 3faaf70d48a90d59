package dev.atmosphere.ingest.discovery;

import dev.atmosphere.backends.CapabilitySource;
import dev.atmosphere.common.config.Key;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.ingest.IngestKeys;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Provider;
import java.util.List;
import java.util.Map;

/**
 * What the node owner lets the mesh see (the design's {@code capabilities} section): per category, and per model or
 * project with expose-all, an expose list and a hide list (hide wins). Applied before anything is announced, so a
 * hidden capability never reaches any topic. Names match exactly or without their tag/namespace
 * ({@code llama3.2} matches {@code llama3.2:latest}, {@code contracts} matches {@code legal/contracts}).
 */
public record ExposurePolicy(Rule models, Rule projects, Map<CapabilityType, Boolean> categories) {

  /** Expose-all, expose list and hide list of one kind of thing. */
  public record Rule(boolean exposeAll, List<String> exposeList, List<String> hideList) {
    boolean allows(String name) {
      if (matches(hideList, name)) {
        return false;
      }
      return exposeAll || matches(exposeList, name);
    }

    private static boolean matches(List<String> list, String name) {
      String untagged = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
      String unspaced = name.contains("/") ? name.substring(name.lastIndexOf('/') + 1) : name;
      return list.contains(name) || list.contains(untagged) || list.contains(unspaced);
    }
  }

  public static ExposurePolicy exposeAll() {
    return new ExposurePolicy(new Rule(true, List.of(), List.of()), new Rule(true, List.of(), List.of()), Map.of());
  }

  public static ExposurePolicy from(Settings s) {
    if (s.get(IngestKeys.CATEGORY_AUDIO)) {
      s.reject(IngestKeys.CATEGORY_AUDIO.name(), "audio capabilities are not implemented yet: must be false");
    }
    return new ExposurePolicy(
        rule(s, "models", IngestKeys.MODELS_EXPOSE_ALL, IngestKeys.MODELS_EXPOSE_LIST, IngestKeys.MODELS_HIDE_LIST),
        rule(s, "projects", IngestKeys.PROJECTS_EXPOSE_ALL, IngestKeys.PROJECTS_EXPOSE_LIST,
            IngestKeys.PROJECTS_HIDE_LIST),
        Map.of(
            CapabilityType.LLM, s.get(IngestKeys.CATEGORY_LLM),
            CapabilityType.EMBEDDINGS, s.get(IngestKeys.CATEGORY_EMBEDDINGS),
            CapabilityType.VISION, s.get(IngestKeys.CATEGORY_VISION),
            CapabilityType.RAG, s.get(IngestKeys.CATEGORY_RAG),
            CapabilityType.AGENT, s.get(IngestKeys.CATEGORY_AGENTS)));
  }

  private static Rule rule(Settings s, String kind, Key<Boolean> all, Key<List<String>> only, Key<List<String>> hide) {
    List<String> expose = s.get(only);
    boolean exposeAll = s.get(all);
    if (exposeAll && !expose.isEmpty()) {
      s.reject(only.name(), "conflicts with " + all.name() + ": true (set expose_all: false to expose only the listed "
          + kind + ")");
    }
    return new Rule(exposeAll, expose, s.get(hide));
  }

  public boolean allows(CapabilityAnnouncement cap) {
    if (!categories.getOrDefault(cap.getType(), true)) {
      return false;
    }
    String target = cap.getMetadata().getTarget();
    return cap.getMetadata().getProvider() == Provider.LLAMAFARM ? projects.allows(target) : models.allows(target);
  }

  /** A source whose hidden capabilities are dropped before anyone sees them. */
  public CapabilitySource filter(CapabilitySource source) {
    return source.then(found -> found.stream().filter(this::allows).toList());
  }
}
