package dev.atmosphere.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import dev.atmosphere.schemas.fixtures.Fixtures;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API reference ({@code docs/openapi.yaml}) cannot drift from the server: the routes the server registers and
 * the paths the document lists are the same set, and every example in the document is sent to a running gateway,
 * answered with the status it documents, in the shape its schema documents.
 */
class OpenApiDriftTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path SPEC = Path.of("..", "docs", "openapi.yaml");
  private final EchoMesh mesh = new EchoMesh();
  private Gateway gateway;
  private JsonNode spec;

  @BeforeEach
  void start() throws Exception {
    spec = YAML.readTree(SPEC.toFile());
    CapabilityAnnouncement llm = Fixtures.capability("node-a", "llamafarm:llm:demo/chat", CapabilityType.LLM, "chat",
        "A chat model").build();
    mesh.table = List.of(llm, Fixtures.capability("node-a", "ollama:vision:llava", CapabilityType.VISION, "llava",
        "Vision model").setModels(List.of("llava")).build());
    NodeApi nodeApi = new NodeApi("node-a", new NodeApi.Port() {
      @Override
      public List<CapabilityAnnouncement> capabilities() {
        return List.of(llm);
      }

      @Override
      public Map<String, Object> resources() {
        return Map.of("load", 0.0);
      }

      @Override
      public Map<String, Object> config() {
        return Map.of("mode", "participant");
      }

      @Override
      public java.util.Optional<WorkResult> tryExecute(WorkUnit unit) {
        return java.util.Optional.of(WorkResult.newBuilder().setIntentId(unit.getIntentId()).setWorkId(unit.getWorkId())
            .setNodeId("node-a").setCapabilityId(unit.getCapabilityId()).setStatus(WorkStatus.SUCCEEDED).setAttempts(1)
            .setOutput("hello").setTimings(Timings.newBuilder().setIntentCreatedAt(Instant.EPOCH)
                .setFinishedAt(Instant.EPOCH).build()).build());
      }
    }, Clock.systemUTC());
    gateway = new Gateway(new Gateway.Settings("127.0.0.1", 0, Duration.ofSeconds(5), "node-a", false,
        GatewayLock.loopbackDefaults()), mesh, nodeApi, Clock.systemUTC()).start();
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void shouldDocumentExactlyTheRoutesTheServerRegisters() {
    TreeSet<String> served = new TreeSet<>();
    gateway.routes().stream().filter(r -> r.startsWith("GET ") || r.startsWith("POST ") || r.startsWith("PUT ")
        || r.startsWith("DELETE ") || r.startsWith("PATCH ")).map(r -> r.replaceAll("<(\\w+)>", "{$1}"))
        .forEach(served::add);
    TreeSet<String> documented = new TreeSet<>();
    spec.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
      if (!m.startsWith("x-") && !m.equals("parameters")) {
        documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey());
      }
    }));

    assertThat(documented).isEqualTo(served);
  }

  @Test
  void shouldAnswerEveryDocumentedExampleWithItsStatusAndShape() throws Exception {
    SchemaCheck check = new SchemaCheck(spec);
    List<String> problems = new ArrayList<>();
    int sent = 0;
    for (var path : iterable(spec.path("paths").fields())) {
      for (var op : iterable(path.getValue().fields())) {
        String method = op.getKey().toUpperCase(Locale.ROOT);
        String url = path.getKey();
        for (JsonNode p : op.getValue().path("parameters")) {
          if (p.path("in").asText().equals("path")) {
            url = url.replace("{" + p.path("name").asText() + "}", p.path("example").asText());
          }
        }
        JsonNode examples = op.getValue().at("/requestBody/content/application~1json/examples");
        List<JsonNode> bodies = new ArrayList<>();
        examples.forEach(bodies::add);
        if (bodies.isEmpty()) {
          bodies.add(YAML.createObjectNode().put("x-status", op.getValue().path("x-status").asInt(200)));
        }
        if (op.getValue().path("x-stream").asBoolean(false)) {
          continue; // a stream that never ends: covered by its own test, listed in the route comparison above
        }
        for (JsonNode example : bodies) {
          RawHttp.Response r = RawHttp.send(gateway.port(), method, url, Map.of("Content-Type", "application/json"),
              example.has("value") ? example.get("value").toString() : null);
          sent++;
          int expected = example.path("x-status").asInt(200);
          String name = method + " " + url + " " + example.path("value");
          if (r.status() != expected) {
            problems.add(name + ": status " + r.status() + " (documented " + expected + "): " + r.body());
            continue;
          }
          JsonNode schema = op.getValue().at("/responses/" + expected + "/content/application~1json/schema");
          if (schema.isMissingNode()) {
            schema = check.resolve(op.getValue().at("/responses/" + expected)).at("/content/application~1json/schema");
          }
          if (!schema.isMissingNode()) {
            check.problems(schema, new ObjectMapper().readTree(r.body())).forEach(p -> problems.add(name + ": " + p));
          }
        }
      }
    }

    assertThat(sent).isGreaterThanOrEqualTo(12);
    assertThat(problems).isEmpty();
  }

  private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
    return () -> it;
  }
}
