package dev.atmosphere.gateway;

import static dev.atmosphere.common.config.Key.duration;
import static dev.atmosphere.common.config.Key.flag;
import static dev.atmosphere.common.config.Key.integer;
import static dev.atmosphere.common.config.Key.list;
import static dev.atmosphere.common.config.Key.text;

import dev.atmosphere.common.config.Key;
import java.time.Duration;

/** The keys of the OpenAI-compatible gateway and node API ({@link GatewayConfig}, {@link GatewayLock}, images). */
public final class GatewayKeys {

  public static final Key<Boolean> ENABLED = flag("gateway.enabled", true, "Serve the OpenAI-compatible API.");
  public static final Key<String> HOST = text("gateway.host", "127.0.0.1",
      "Address the local API binds to; beyond loopback it needs gateway.api_keys.");
  public static final Key<Integer> PORT = integer("gateway.port", 11451, 0, 65_535, "Gateway port (0: any free port).");
  public static final Key<Duration> TIMEOUT = duration("gateway.timeout", Duration.ofSeconds(120),
      "Default request timeout (a request may ask for less, or more up to one hour).");
  public static final Key<Boolean> ANSWER_FROM_ATTEMPTS = flag("gateway.answer_from_attempts", true,
      "Answer from the routed node's signed attempt as soon as it is written (false: wait for the router's result).");
  public static final Key<java.util.List<String>> API_KEYS = list("gateway.api_keys",
      "API keys (sha256:<hex> digests, or plain keys of 16+ characters); required beyond loopback.");
  public static final Key<java.util.List<String>> ALLOWED_HOSTS = list("gateway.allowed_hosts",
      "Host names the API answers besides loopback (DNS rebinding guard).");
  public static final Key<java.util.List<String>> MODEL_ALIASES = list("gateway.model.aliases",
      "Model names clients send that the mesh lacks, as name=target (auto, a capability id or model name; *=auto: any).");
  public static final Key<java.util.List<String>> CORS_ORIGINS = list("gateway.cors.allowed_origins",
      "Browser origins allowed to call the API (none by default).");
  public static final Key<Integer> RATE_LIMIT = integer("gateway.rate_limit.per_minute", 600, 1, 1_000_000,
      "Requests per minute per API key (or for the node when no keys).");
  public static final Key<Integer> MAX_IN_FLIGHT = integer("gateway.max_in_flight", 200, 1, 10_000,
      "Requests to the mesh answered at once (chat, completions, responses, embeddings); beyond it 429 at once.");
  public static final Key<Integer> MAX_BODY_BYTES = integer("gateway.max_body_bytes", 8 << 20, 1024, 256 << 20,
      "Largest request body accepted.");
  public static final Key<String> ADVERTISED_URL = text("gateway.advertised_url", null,
      "http(s)://host:port other nodes reach this node's API at (claim-checked images, model migration).");
  public static final Key<Integer> IMAGE_MAX_BYTES = integer("gateway.images.max_bytes", 5 << 20, 1024, 256 << 20,
      "Largest image accepted.");
  public static final Key<Integer> IMAGES_PER_REQUEST_BYTES = integer("gateway.images.max_request_bytes", 20 << 20,
      1024, 1 << 30, "All images of one request together.");
  public static final Key<Integer> IMAGE_INLINE_MAX_BYTES = integer("gateway.images.inline_max_bytes", 256 << 10, 0,
      768 << 10, "Images up to this size travel inside the intent; larger ones are claim-checked.");
  public static final Key<Integer> CLAIM_CHECK_MAX_BYTES = integer("gateway.images.claim_check_max_bytes", 256 << 20,
      1 << 20, Integer.MAX_VALUE, "Claim-checked image bytes this node holds at once (503 beyond).");
  public static final Key<Boolean> FETCH_IMAGE_URLS = flag("gateway.images.fetch_urls", false,
      "Fetch http(s) image URLs (public addresses only); off: data: URLs only.");
  public static final Key<Duration> IMAGE_FETCH_TIMEOUT = duration("gateway.images.fetch_timeout",
      Duration.ofSeconds(10), "Time limit of one image URL fetch.");

  private GatewayKeys() {}
}
