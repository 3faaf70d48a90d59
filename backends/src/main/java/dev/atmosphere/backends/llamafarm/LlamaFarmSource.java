package dev.atmosphere.backends.llamafarm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atmosphere.backends.CapabilitySource;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.http.JsonHttp;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capabilities of a LlamaFarm server: every project of every namespace, read with
 * {@code GET /v1/projects/{namespace}} (there is no global project list), mapped by {@link LlamaFarmMapper}.
 */
public final class LlamaFarmSource implements CapabilitySource {

  private static final Logger log = LoggerFactory.getLogger(LlamaFarmSource.class);

  private final JsonHttp http;
  private final LlamaFarmLocator locator;
  private final Optional<String> configuredUrl;
  private final List<String> configuredNamespaces;
  private final Path dataDir;
  private final LlamaFarmMapper mapper;
  private final Duration timeout;
  private final Optional<ExampleQuestions> examples;
  private volatile String url;

  public LlamaFarmSource(JsonHttp http, Optional<String> configuredUrl, List<String> namespaces, Path dataDir,
      String nodeId, Embedder embedder, Duration timeout) {
    this(http, configuredUrl, namespaces, dataDir, nodeId, embedder, timeout, Optional.empty());
  }

  /** @param examples asks each project's model for example questions (empty: announce projects without them) */
  public LlamaFarmSource(JsonHttp http, Optional<String> configuredUrl, List<String> namespaces, Path dataDir,
      String nodeId, Embedder embedder, Duration timeout, Optional<ExampleQuestions> examples) {
    this.examples = examples;
    this.http = http;
    this.locator = new LlamaFarmLocator(http, timeout);
    this.configuredUrl = configuredUrl;
    this.configuredNamespaces = namespaces;
    this.dataDir = dataDir;
    this.mapper = new LlamaFarmMapper(nodeId, embedder);
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "llamafarm";
  }

  /** The server in use, once found. */
  public Optional<String> url() {
    return Optional.ofNullable(url);
  }

  @Override
  public List<CapabilityAnnouncement> discover() {
    if (url == null) {
      url = locator.locate(configuredUrl).orElse(null);
      if (url == null) {
        return List.of();
      }
    }
    List<CapabilityAnnouncement> out = new ArrayList<>();
    try {
      for (String ns : NamespaceResolver.resolve(configuredNamespaces, dataDir)) {
        JsonNode reply = http.get(url + "/v1/projects/" + URLEncoder.encode(ns, StandardCharsets.UTF_8), timeout);
        for (JsonNode project : reply.path("projects")) {
          if (project.has("validation_error")) {
            log.warn("skipping LlamaFarm project {}/{}: {}", ns, project.path("name").asText(),
                project.get("validation_error").asText());
            continue;
          }
          String name = project.path("name").asText();
          String server = url;
          List<String> questions = examples.map(e -> e.of(server, ns, name,
              Integer.toHexString(project.path("config").toString().hashCode()))).orElse(List.of());
          out.add(mapper.map(ns, project, questions));
        }
      }
    } catch (RuntimeException e) {
      url = null; // probe again next time
      throw e;
    }
    return out;
  }
}
