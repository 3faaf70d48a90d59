package dev.atmosphere.backends.llamafarm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atmosphere.common.http.HttpFailure;
import dev.atmosphere.common.http.JsonHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a LlamaFarm server: the configured URL ({@code LLAMAFARM_URL}) first, then {@code localhost:14345},
 * {@code 127.0.0.1:14345} and the legacy port 8000. A server is recognised by the real {@code /health} shape
 * (keys status, summary, components, with a component named server) — LlamaFarm has no "service" field.
 */
public final class LlamaFarmLocator {

  private static final Logger log = LoggerFactory.getLogger(LlamaFarmLocator.class);

  private final JsonHttp http;
  private final Duration timeout;

  public LlamaFarmLocator(JsonHttp http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  public static List<String> candidates(Optional<String> configured) {
    LinkedHashSet<String> urls = new LinkedHashSet<>();
    configured.map(LlamaFarmLocator::trimSlash).ifPresent(urls::add);
    urls.add("http://localhost:14345");
    urls.add("http://127.0.0.1:14345");
    urls.add("http://localhost:8000");
    return new ArrayList<>(urls);
  }

  public Optional<String> locate(Optional<String> configured) {
    for (String url : candidates(configured)) {
      try {
        if (isLlamaFarmHealth(http.get(url + "/health", timeout))) {
          log.info("found LlamaFarm at {}", url);
          return Optional.of(url);
        }
        log.debug("{} answers /health but is not LlamaFarm", url);
      } catch (HttpFailure e) {
        log.debug("no LlamaFarm at {}: {}", url, e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** The fingerprint of LlamaFarm's {@code GET /health}. */
  public static boolean isLlamaFarmHealth(JsonNode health) {
    if (!health.has("status") || !health.has("summary") || !health.path("components").isArray()) {
      return false;
    }
    for (JsonNode component : health.get("components")) {
      if ("server".equals(component.path("name").asText())) {
        return true;
      }
    }
    return false;
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
