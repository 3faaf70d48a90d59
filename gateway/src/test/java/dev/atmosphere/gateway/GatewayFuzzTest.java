package dev.atmosphere.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.common.config.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * 10,000 hostile requests at a running gateway — valid bodies mutated at random paths (wrong types, huge and
 * negative numbers, deep nesting, 100 KB strings, control characters, deleted and unknown fields, truncation, random
 * bytes), random content types, origins, hosts, keys and constraint headers, and random ids in GET paths: none is
 * a 5xx or a dropped connection, and every refusal is an OpenAI-shaped error with a message.
 */
class GatewayFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Map<Integer, AtomicInteger> statuses = new TreeMap<>();
  private static Gateway gateway;

  private static final String[][] POSTS = {
      {"/v1/chat/completions", "{\"model\":\"auto\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
          + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}],\"temperature\":0.2,"
          + "\"max_tokens\":50,\"stream\":false,\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\","
          + "\"parameters\":{\"type\":\"object\"}}}],\"response_format\":{\"type\":\"json_object\"}}"},
      {"/v1/chat/completions", "{\"model\":\"auto\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"atmosphere\":{\"local_only\":false}}"},
      {"/v1/completions", "{\"model\":\"auto\",\"prompt\":\"hi\",\"max_tokens\":5}"},
      {"/v1/embeddings", "{\"model\":\"auto\",\"input\":[\"a\",\"b\"]}"}};
  private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8", "text/plain",
      "", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
      "application/jsonx", "*/*"};

  @BeforeContainer
  static void start() {
    gateway = new Gateway(new Gateway.Settings("127.0.0.1", 0, Duration.ofSeconds(5), "node-a", false,
        GatewayLock.from(Settings.of(Map.of("gateway.rate_limit.per_minute", "1000000")), "127.0.0.1")),
        new EchoMesh(), null, Clock.systemUTC()).start();
  }

  @AfterContainer
  static void stop() {
    gateway.close();
    System.out.println("gateway fuzz, responses by status: " + statuses + " (-1: a refused large body's connection "
        + "closed before it was sent) — no 5xx, every refusal an error object");
  }

  @Property(tries = 7000)
  void shouldAnswerEveryMutatedBodyWithASuccessOrAClearRefusal(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    String[] target = POSTS[random.nextInt(POSTS.length)];
    Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json"));
    post(target[0], headers, mutate(target[1], random));
  }

  @Property(tries = 2000)
  void shouldRefuseHostileHeadersClearly(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    String[] target = POSTS[random.nextInt(POSTS.length)];
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)]);
    if (random.nextBoolean()) {
      headers.put("Origin", random.nextBoolean() ? "http://evil.example" : "null");
    }
    if (random.nextInt(4) == 0) {
      headers.put("Host", random.nextBoolean() ? "rebind.example:11451" : "127.0.0.1:" + random.nextInt(65536));
    }
    if (random.nextInt(3) == 0) {
      headers.put("Authorization", "Bearer " + junk(random, 40));
    }
    if (random.nextInt(3) == 0) {
      headers.put("X-Atmosphere-Constraints", random.nextBoolean() ? junk(random, 60)
          : "{\"local_only\":" + junk(random, 5) + ",\"data_residency\":" + random.nextInt() + "}");
    }
    post(target[0], headers, random.nextInt(5) == 0 ? mutate(target[1], random) : target[1]);
  }

  @Property(tries = 1000)
  void shouldAnswerRandomIdsInPathsWithoutFailing(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    String id = urlJunk(random);
    String[] paths = {"/v1/atmosphere/images/" + id, "/v1/atmosphere/migrations/" + id + "/blobs/" + urlJunk(random),
        "/v1/atmosphere/migrations/" + id + "/blobs/" + urlJunk(random) + "/chunks?index=" + urlJunk(random),
        "/v1/models?" + id, "/v1/atmosphere/capabilities?" + id, "/v1/atmosphere/mesh?since=" + id, "/health"};
    check(RawHttp.send(gateway.port(), "GET", paths[random.nextInt(paths.length)], Map.of(), null));
  }

  private static void post(String path, Map<String, String> headers, String body) throws Exception {
    try {
      check(RawHttp.send(gateway.port(), "POST", path, headers, body));
    } catch (java.io.IOException e) {
      // a refused request with a large body may be closed before the client finished sending it (HTTP allows it)
      assertThat(body.length()).as("only a large body may see its connection closed early: " + e).isGreaterThan(65_536);
      statuses.computeIfAbsent(-1, k -> new AtomicInteger()).incrementAndGet();
    }
  }

  private static void check(RawHttp.Response r) throws Exception {
    statuses.computeIfAbsent(r.status(), k -> new AtomicInteger()).incrementAndGet();
    assertThat(r.status()).as(r.head()).isBetween(200, 499);
    if (r.status() >= 400) {
      JsonNode error;
      try {
        error = JSON.readTree(r.body()).path("error");
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new AssertionError("not an error object: " + r.head() + "\n" + r.body(), e);
      }
      assertThat(error.path("message").asText()).as(r.body()).isNotBlank();
    }
  }

  /** The template body with 1–3 random mutations, or sometimes random text altogether. */
  private static String mutate(String template, Random random) throws Exception {
    if (random.nextInt(20) == 0) {
      return junk(random, random.nextInt(400));
    }
    JsonNode root = JSON.readTree(template);
    for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
      List<JsonNode> containers = new ArrayList<>();
      collect(root, containers);
      JsonNode target = containers.get(random.nextInt(containers.size()));
      if (target instanceof ObjectNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        String name = names.isEmpty() || random.nextInt(5) == 0 ? junk(random, 8) : names.get(random.nextInt(names.size()));
        if (random.nextInt(6) == 0) {
          o.remove(name);
        } else {
          o.set(name, value(random));
        }
      } else if (target instanceof ArrayNode a) {
        if (a.isEmpty() || random.nextBoolean()) {
          a.add(value(random));
        } else {
          a.set(random.nextInt(a.size()), value(random));
        }
      }
    }
    String text = JSON.writeValueAsString(root);
    return random.nextInt(10) == 0 ? text.substring(0, random.nextInt(text.length())) : text;
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      node.forEach(child -> collect(child, out));
    }
  }

  private static JsonNode value(Random random) {
    return switch (random.nextInt(14)) {
      case 0 -> F.nullNode();
      case 1 -> F.booleanNode(random.nextBoolean());
      case 2 -> F.numberNode(-random.nextInt(1_000_000));
      case 3 -> F.numberNode(random.nextBoolean() ? Double.MAX_VALUE : -Double.MAX_VALUE);
      case 4 -> F.numberNode(new java.math.BigInteger("9".repeat(1 + random.nextInt(60))));
      case 5 -> F.textNode("");
      case 6 -> F.textNode("x".repeat(100_000));
      case 7 -> F.textNode(junk(random, 30));
      case 8 -> F.arrayNode();
      case 9 -> F.objectNode();
      case 10 -> nested(random.nextInt(300), random.nextBoolean());
      case 11 -> F.textNode("data:image/png;base64," + junk(random, 50));
      case 12 -> F.numberNode(random.nextDouble() * 10 - 5);
      default -> F.textNode(String.valueOf(random.nextLong()));
    };
  }

  private static JsonNode nested(int depth, boolean arrays) {
    JsonNode node = F.textNode("deep");
    for (int i = 0; i < depth; i++) {
      node = arrays ? F.arrayNode().add(node) : F.objectNode().set("a", node);
    }
    return node;
  }

  /** Random characters, control characters and surrogate halves included. */
  private static String junk(Random random, int length) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      b.append((char) (random.nextInt(4) == 0 ? random.nextInt(0x20) : random.nextInt(0xFFFF)));
    }
    return b.toString();
  }

  private static String urlJunk(Random random) {
    StringBuilder b = new StringBuilder();
    String alphabet = "abcdefXYZ0123456789-._~%2F%00..%2e";
    for (int i = 0, n = 1 + random.nextInt(40); i < n; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

}
