package dev.atmosphere.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Client of the Confluent schema-registry REST API ({@code POST /subjects/{s}/versions},
 * {@code GET /schemas/ids/{id}}), which Confluent's registry, Apicurio's {@code /apis/ccompat/v7} and others
 * serve. Written here because Confluent's client is not on Maven Central; results are cached per schema and id.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ATTEMPTS = 4;

  private final String baseUrl;
  private final HttpClient http;
  private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<Registration, Integer> idsBySchemaObject = new ConcurrentHashMap<>();
  private final Duration unreachableFor;
  private final String authorization;

  /** @param baseUrl e.g. {@code http://localhost:8081} or {@code http://localhost:8080/apis/ccompat/v7} */
  public HttpSchemaRegistryClient(String baseUrl) {
    this(baseUrl, Duration.ofSeconds(10), null);
  }

  /** @param unreachableFor how long one call keeps retrying a registry it cannot reach */
  public HttpSchemaRegistryClient(String baseUrl, Duration unreachableFor) {
    this(baseUrl, unreachableFor, null);
  }

  /**
   * @param login {@code user:password} sent as HTTP basic auth (a registry that asks for a login — Confluent's with
   *     basic auth, a shared home registry), or null
   */
  public HttpSchemaRegistryClient(String baseUrl, Duration unreachableFor, String login) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.unreachableFor = unreachableFor;
    this.authorization = login == null ? null : "Basic " + java.util.Base64.getEncoder()
        .encodeToString(login.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
        .header("Accept", CONTENT_TYPE);
    return authorization == null ? b : b.header("Authorization", authorization);
  }

  public String baseUrl() {
    return baseUrl;
  }

  /**
   * The id of the schema under the subject, registered once. Looked up first by the schema object itself: a
   * serializer passes the same generated schema on every record, and writing it out as JSON to find the cached id
   * was a third of the router's time per record (JFR, the pipeline bench).
   */
  @Override
  public int register(String subject, Schema schema) {
    Registration key = new Registration(subject, schema);
    Integer known = idsBySchemaObject.get(key);
    if (known != null) {
      return known;
    }
    String text = schema.toString();
    int id = idsBySubjectAndSchema.computeIfAbsent(subject + "\n" + text, k -> post(subject, schema, text));
    idsBySchemaObject.put(key, id);
    return id;
  }

  /** Schema caches its hash and compares an identical object at once, so this key costs nothing per record. */
  private record Registration(String subject, Schema schema) {}

  private int post(String subject, Schema schema, String text) {
    try {
      String body = JSON.writeValueAsString(Map.of("schema", text));
      HttpRequest request = request("/subjects/" + encode(subject) + "/versions")
          .header("Content-Type", CONTENT_TYPE)
          .POST(HttpRequest.BodyPublishers.ofString(body))
          .build();
      JsonNode reply = send(request, "register schema " + schema.getFullName() + " under subject " + subject);
      int id = reply.path("id").asInt(-1);
      if (id < 0) {
        throw new SerializationException("registry at " + baseUrl + " answered without an id: " + reply);
      }
      schemasById.putIfAbsent(id, schema);
      return id;
    } catch (IOException e) {
      throw new SerializationException("cannot encode schema " + schema.getFullName(), e);
    }
  }

  @Override
  public Schema byId(int id) {
    return schemasById.computeIfAbsent(id, this::fetch);
  }

  private Schema fetch(int id) {
    HttpRequest request = request("/schemas/ids/" + id).GET().build();
    JsonNode reply = send(request, "fetch schema id " + id);
    return new Schema.Parser().parse(reply.path("schema").asText());
  }

  /**
   * Sends with retries: up to {@value #ATTEMPTS} attempts when the registry answers 5xx or 409 (its answer to
   * concurrent first registrations of a subject; a real incompatibility keeps answering 409 and fails after the last
   * attempt), and up to {@code unreachableFor} with doubling pauses (≤ 2 s) while it cannot be reached at all. An
   * outage that outlasts that is a {@link RegistryUnavailableException} — a fault to retry later, not a bad record.
   */
  private JsonNode send(HttpRequest request, String what) {
    SerializationException last = null;
    long giveUpAt = System.nanoTime() + unreachableFor.toNanos();
    int answered = 0;
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 == 2) {
          return JSON.readTree(response.body());
        }
        String refusal = "schema registry at " + baseUrl + " refused to " + what + ": HTTP " + response.statusCode()
            + " " + response.body();
        if (response.statusCode() == 401 || response.statusCode() == 403) { // our login, not the record: a fault
          throw new RegistryUnavailableException("schema registry at " + baseUrl + " refused our login to " + what
              + " (HTTP " + response.statusCode() + "): check kafka.auth / registry.auth and mesh.join_code, or "
              + "registry.basic.auth.user.info", null);
        }
        if (response.statusCode() / 100 == 4 && response.statusCode() != 409) {
          throw new SerializationException(refusal);
        }
        last = response.statusCode() / 100 == 5 ? new RegistryUnavailableException(refusal, null)
            : new SerializationException(refusal);
        if (++answered >= ATTEMPTS) {
          throw last;
        }
      } catch (IOException e) {
        last = new RegistryUnavailableException("schema registry at " + baseUrl + " unreachable (" + what + "): " + e,
            e);
        if (System.nanoTime() > giveUpAt) {
          throw last;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryUnavailableException("interrupted while trying to " + what, e);
      }
      backOff(attempt);
    }
  }

  private static void backOff(int attempt) {
    try {
      Thread.sleep(Math.min(2000L, 100L << Math.min(attempt - 1, 5)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException("interrupted while talking to the schema registry", e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
