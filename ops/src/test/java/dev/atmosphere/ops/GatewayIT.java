package dev.atmosphere.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.common.testing.FakeLlamaFarm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway driven by the official OpenAI Java SDK against the embedded stack (real broker, registry, router,
 * executor) and a faithful fake LlamaFarm: chat plain and streamed, embeddings, models, errors.
 */
@Timeout(240)
class GatewayIT {

  @TempDir static Path home;
  private static final CountDownLatch firstChunkSeen = new CountDownLatch(1);
  private static FakeLlamaFarm farm;
  private static MeshStack stack;
  private static OpenAIClient openai;
  private static String baseUrl;

  @BeforeAll
  static void up() {
    farm = new FakeLlamaFarm().holdStreamAfterFirstPiece(firstChunkSeen).project("legal", "contracts",
        FakeLlamaFarm.projectConfig("legal", "contracts", "reviewer", "qwen3:8b", "Contract review",
            "You are a lawyer who reviews commercial contracts, clauses, liability and termination.", List.of()));
    stack = MeshStack.start(home, home.resolve("absent.properties"),
        Map.of("LLAMAFARM_URL", farm.url(), "LF_DATA_DIR", home.resolve("lf").toString()),
        Map.of("node.name", "gw-node", "embedded.kafka.port", "0", "embedded.registry.port", "0", "gateway.port", "0",
            "llamafarm.namespaces", "legal", "ollama.host", "http://127.0.0.1:1", "discovery.interval", "500ms",
            // a 1 s default ttl once lapsed while the node embedded 500 texts on this 2-core machine (no_route)
            "heartbeat.interval", "500ms", "heartbeat.ttl", "3s", "gateway.timeout", "60s"),
        new MiniLmEmbedder());
    baseUrl = stack.endpoints().gatewayUrl();
    openai = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("not-needed").maxRetries(0)
        .timeout(Duration.ofSeconds(90)).build();
    await().atMost(Duration.ofSeconds(60)).until(() -> modelIds().contains("llamafarm:llm:legal/contracts"));
    RouterReady.awaitRoutable(stack.endpoints(), "llamafarm:llm:legal/contracts");
  }

  @AfterAll
  static void down() {
    if (stack != null) {
      stack.close();
    }
    if (farm != null) {
      farm.close();
    }
  }

  private static List<String> modelIds() {
    return openai.models().list().data().stream().map(Model::id).toList();
  }

  @Test
  void shouldListAutoFirstThenTheMeshCapabilitiesWhenAskedForModels() {
    List<String> ids = modelIds();

    assertThat(ids.get(0)).isEqualTo("auto");
    assertThat(ids).contains("llamafarm:llm:legal/contracts", "builtin:embeddings:all-MiniLM-L6-v2");
  }

  @Test
  void shouldRetrieveOneModelAsTheSdkChecksItAndNameAModelThatIsNotThere() {
    assertThat(openai.models().retrieve("auto").id()).isEqualTo("auto");
    assertThat(openai.models().retrieve("llamafarm:llm:legal/contracts").ownedBy()).startsWith("gw-node");
    assertThatThrownBy(() -> openai.models().retrieve("gpt-nothing")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("gpt-nothing");
  }

  @Test
  void shouldAnswerAChatRoutedByMeaningWhenModelIsAuto() {
    ChatCompletion completion = openai.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("auto").addUserMessage("what does the termination clause of this contract say?").build());

    assertThat(completion.choices().get(0).message().content())
        .hasValue("answer from legal/contracts to: what does the termination clause of this contract say?");
    assertThat(completion.model()).isEqualTo("llamafarm:llm:legal/contracts");
    assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(34);
    Map<String, com.openai.core.JsonValue> extra = completion._additionalProperties();
    assertThat(extra.get("atmosphere").toString()).contains("gw-node", "llamafarm:llm:legal/contracts");
  }

  @Test
  void shouldServeTheMeshFromAGatewayRunningApartFromAnyNode() {
    dev.atmosphere.common.config.Settings settings = dev.atmosphere.common.config.Settings.of(Map.of(
        dev.atmosphere.common.kafka.KafkaConnection.BOOTSTRAP, stack.endpoints().bootstrap(),
        dev.atmosphere.common.kafka.KafkaConnection.REGISTRY, stack.endpoints().registry(),
        "node.name", "gw-apart", "identity.dir", home.resolve("gw-apart").toString(), "gateway.port", "0"));

    try (dev.atmosphere.gateway.GatewayApp apart = dev.atmosphere.gateway.GatewayApp.start(settings)) {
      OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + apart.port() + "/v1")
          .apiKey("not-needed").maxRetries(0).timeout(Duration.ofSeconds(90)).build();
      await().atMost(Duration.ofSeconds(30)).until(() -> client.models().list().data().stream().map(Model::id)
          .toList().contains("llamafarm:llm:legal/contracts"));
      ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("auto").addUserMessage("summarise the liability clause of this contract").build());

      assertThat(completion.choices().get(0).message().content())
          .hasValue("answer from legal/contracts to: summarise the liability clause of this contract");
      assertThat(completion.model()).isEqualTo("llamafarm:llm:legal/contracts");
    }
  }

  @Test
  void shouldHandOnAnAttemptAsSoonAsItIsWrittenOnlyWhenSignedByTheNodeItNames() throws Exception {
    var connection = new dev.atmosphere.common.kafka.KafkaConnection(stack.endpoints().bootstrap(),
        stack.endpoints().registry(), Map.of());
    var topics = dev.atmosphere.schemas.topics.Topics.defaults();
    var serdes = dev.atmosphere.schemas.serde.AvroSerdes.forUrl(connection.registryUrl());
    var node = dev.atmosphere.common.identity.NodeIdentity.ephemeral("gpu-box", java.util.Optional.empty());
    var attacker = dev.atmosphere.common.identity.NodeIdentity.ephemeral("attacker", java.util.Optional.empty());
    String intentId = "early-" + java.util.UUID.randomUUID();
    List<String> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> results = new java.util.concurrent.CopyOnWriteArrayList<>();

    try (dev.atmosphere.client.MeshTap tap = new dev.atmosphere.client.MeshTap(connection, topics, serdes, true,
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start();
        var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(connection.clientProps(),
            serdes.keys().serializer(), serdes.result().serializer())) {
      tap.listen(intentId, collecting(attempts, results));
      for (var attempt : List.of(attempt(intentId, node.nodeId(), "unsigned", null),
          attempt(intentId, node.nodeId(), "forged in gpu-box's name", attacker),
          attempt(intentId, node.nodeId(), "Paris", node))) {
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topics.attempts(), intentId, attempt)).get();
      }

      // one partition, read in order: once the genuine one is here, the two before it were refused
      await().atMost(Duration.ofSeconds(30)).until(() -> !attempts.isEmpty());
      assertThat(attempts).containsExactly("Paris");
      assertThat(results).as("the router never routed this intent: no result, yet the attempt was handed on").isEmpty();
    }
  }

  @Test
  void shouldRunAUnitBeforeItsRoutingTransactionCommitsWithoutLettingItEndTheIntentWhenTheTransactionAborts()
      throws Exception {
    var connection = new dev.atmosphere.common.kafka.KafkaConnection(stack.endpoints().bootstrap(),
        stack.endpoints().registry(), Map.of());
    var topics = dev.atmosphere.schemas.topics.Topics.defaults();
    var serdes = dev.atmosphere.schemas.serde.AvroSerdes.forUrl(connection.registryUrl());
    String intentId = "aborted-" + java.util.UUID.randomUUID();
    List<String> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> results = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.Properties p = connection.clientProps();
    p.put("transactional.id", "test-router-that-aborts");
    try (dev.atmosphere.client.MeshTap tap = new dev.atmosphere.client.MeshTap(connection, topics, serdes, true,
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start();
        var router = new org.apache.kafka.clients.producer.KafkaProducer<>(p, serdes.keys().serializer(),
            serdes.work().serializer())) {
      tap.listen(intentId, collecting(attempts, results));
      router.initTransactions();
      router.beginTransaction();
      java.time.Instant now = java.time.Instant.now();
      router.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topics.work(stack.endpoints().nodeId()),
          intentId, dev.atmosphere.schemas.WorkUnit.newBuilder().setWorkId(intentId + "-w1-0123456789abcdef")
              .setIntentId(intentId).setRouteId(intentId + "-r1").setAttempt(1).setNodeId(stack.endpoints().nodeId())
              .setCapabilityId("llamafarm:llm:legal/contracts").setCapabilityType(dev.atmosphere.schemas.CapabilityType.LLM)
              .setProvider(dev.atmosphere.schemas.Provider.LLAMAFARM).setTarget("legal/contracts")
              .setKind(dev.atmosphere.schemas.IntentKind.CHAT).setText("is clause 9 enforceable")
              .setIntentCreatedAt(now).setRoutedAt(now).build())).get();

      // the transaction is still open: the node ran the unit as written
      await().atMost(Duration.ofSeconds(30)).until(() -> !attempts.isEmpty());
      assertThat(attempts).containsExactly("answer from legal/contracts to: is clause 9 enforceable");
      router.abortTransaction();

      // no router has this intent in flight: the attempt of a unit whose routing aborted ends nothing
      org.awaitility.Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
          .until(results::isEmpty);
    }
  }

  /** Collects the outputs of an intent's early attempts and of its terminal results. */
  private static dev.atmosphere.client.ReplyListener collecting(List<String> attempts, List<String> results) {
    return new dev.atmosphere.client.ReplyListener() {
      @Override
      public void onAttempt(dev.atmosphere.schemas.WorkResult attempt) {
        attempts.add(attempt.getOutput());
      }

      @Override
      public void onResult(dev.atmosphere.schemas.WorkResult result) {
        results.add(result.getOutput());
      }
    };
  }

  /** Waits until the router has written the terminal result of the intent a gateway response names. */
  private static void awaitTerminalResult(String responseBody) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"intent_id\":\"([^\"]+)\"").matcher(responseBody);
    assertThat(m.find()).as("the response names its intent").isTrue();
    var connection = new dev.atmosphere.common.kafka.KafkaConnection(stack.endpoints().bootstrap(),
        stack.endpoints().registry(), Map.of());
    try (var consumer = dev.atmosphere.client.MeshClient.tailConsumer(connection)) {
      var parts = dev.atmosphere.client.MeshClient.partitions(consumer,
          dev.atmosphere.schemas.topics.Topics.defaults().results());
      consumer.assign(parts);
      dev.atmosphere.client.MeshClient.seekToSince(consumer, parts, Duration.ofMinutes(5));
      await().atMost(Duration.ofSeconds(30)).until(() -> java.util.stream.StreamSupport
          .stream(consumer.poll(Duration.ofMillis(200)).spliterator(), false).anyMatch(r -> m.group(1).equals(r.key())));
    }
  }

  private static dev.atmosphere.schemas.WorkResult attempt(String intentId, String nodeId, String output,
      dev.atmosphere.common.identity.NodeIdentity signer) {
    var unsigned = dev.atmosphere.schemas.WorkResult.newBuilder().setIntentId(intentId).setWorkId(intentId + "-w1-ab")
        .setStatus(dev.atmosphere.schemas.WorkStatus.SUCCEEDED).setOutput(output).setNodeId(nodeId)
        .setCapabilityId("llm").setTimings(dev.atmosphere.schemas.Timings.newBuilder()
            .setIntentCreatedAt(java.time.Instant.now()).setFinishedAt(java.time.Instant.now()).build()).build();
    return signer == null ? unsigned : signer.sign(unsigned, r -> dev.atmosphere.schemas.WorkResult.newBuilder(r)
        .setPublicKey(signer.publicKeyBuffer()).setSignature(null).build());
  }

  @Test
  void shouldStreamTheFirstChunkBeforeTheLastIsGenerated() {
    List<String> pieces = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("llamafarm:llm:legal/contracts")
            .addUserMessage("summarise the liability clause").build())) {
      Iterator<ChatCompletionChunk> it = stream.stream().iterator();
      while (it.hasNext()) {
        ChatCompletionChunk chunk = it.next();
        if (!chunk.choices().isEmpty()) {
          chunk.choices().get(0).delta().content().filter(s -> !s.isEmpty()).ifPresent(pieces::add);
        }
        // the fake LlamaFarm holds the rest of its answer until we have seen a first piece
        if (!pieces.isEmpty()) {
          firstChunkSeen.countDown();
        }
      }
    }

    // the first piece came alone, before the rest was generated; what follows may come in fewer pieces than the
    // backend's words (the routed node's signed attempt can complete the stream before its last pieces are read)
    assertThat(pieces).hasSizeGreaterThan(1);
    assertThat(pieces.get(0)).isEqualTo("answer");
    assertThat(String.join("", pieces)).isEqualTo("answer from legal/contracts to: summarise the liability clause");
  }

  @Test
  void shouldAnswerTheResponsesApiOfTheOfficialSdkWholeAndStreamed() {
    String question = "what does the termination clause of this contract say?";
    com.openai.models.responses.Response response = openai.responses().create(
        com.openai.models.responses.ResponseCreateParams.builder().model("auto").instructions("Answer briefly.")
            .input(question).build());

    String text = response.output().get(0).message().orElseThrow().content().get(0).outputText().orElseThrow().text();
    assertThat(text).isEqualTo("answer from legal/contracts to: " + question);
    assertThat(response.status()).hasValue(com.openai.models.responses.ResponseStatus.COMPLETED);
    assertThat(response.usage().orElseThrow().totalTokens()).isEqualTo(34);
    assertThat(response._additionalProperties().get("atmosphere").toString()).contains("llamafarm:llm:legal/contracts");

    List<String> deltas = new ArrayList<>();
    List<com.openai.models.responses.Response> completed = new ArrayList<>();
    try (StreamResponse<com.openai.models.responses.ResponseStreamEvent> stream = openai.responses().createStreaming(
        com.openai.models.responses.ResponseCreateParams.builder().model("llamafarm:llm:legal/contracts")
            .input("summarise the liability clause").build())) {
      stream.stream().forEach(event -> {
        event.outputTextDelta().ifPresent(d -> {
          deltas.add(d.delta());
          firstChunkSeen.countDown(); // the fake LlamaFarm holds the rest until a first piece is seen
        });
        event.completed().ifPresent(c -> completed.add(c.response()));
      });
    }
    assertThat(deltas).hasSizeGreaterThan(1);
    assertThat(String.join("", deltas)).isEqualTo("answer from legal/contracts to: summarise the liability clause");
    assertThat(completed).hasSize(1);
    assertThat(completed.get(0).output().get(0).message().orElseThrow().content().get(0).outputText().orElseThrow()
        .text()).isEqualTo(String.join("", deltas));
  }

  @Test
  void shouldReturnEmbeddingsFromTheBuiltinCapability() {
    CreateEmbeddingResponse response = openai.embeddings().create(EmbeddingCreateParams.builder()
        .model("builtin:embeddings:all-MiniLM-L6-v2").inputOfArrayOfStrings(List.of("contract", "clause")).build());

    assertThat(response.data()).hasSize(2);
    assertThat(response.data().get(0).embedding()).hasSize(384);
    assertThat(response.data().get(1).index()).isEqualTo(1);
    assertThat(response.usage().promptTokens()).as("one word piece each").isEqualTo(2);
    assertThat(response.usage().totalTokens()).isEqualTo(2);
  }

  @Test
  void shouldAnswer404NamingTheModelWhenItIsNotInTheMesh() {
    assertThatThrownBy(() -> openai.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt-imaginary").addUserMessage("hi").build()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("The model 'gpt-imaginary' does not exist in the mesh");
  }

  @Test
  void shouldAnswerAQuestionNothingIsRelevantForWithTheGeneralFallbackInsteadOf503() throws Exception {
    HttpResponse<String> response = post("/chat/completions", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"bake a sourdough bread with a crispy crust\"}]}", "X-Atmosphere-Cache", "bypass");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("\"capability\":\"llamafarm:llm:legal/contracts\"");
  }

  @Test
  void shouldAnswer400NamingTheFieldWhenMessagesAreMissing() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(baseUrl + "/chat/completions")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"auto\"}")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"param\":\"messages\"", "invalid_request_error");
  }

  private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldAnswer502WithTheBackendFailureWhenLlamaFarmFails() throws Exception {
    farm.failNextChats(1, 500);

    HttpResponse<String> response = post("/chat/completions",
        "{\"model\":\"llamafarm:llm:legal/contracts\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).contains("upstream_error", "HTTP 500", "llamafarm:llm:legal/contracts on gw-node");
  }

  @Test
  void shouldAnswer504WhenNoAnswerArrivesWithinTheRequestTimeout() throws Exception {
    HttpResponse<String> response = post("/chat/completions", "{\"model\":\"auto\",\"atmosphere\":{\"timeout_ms\":1},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"summarise the termination clause of this contract\"}]}");

    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.body()).contains("\"type\":\"timeout\"");
  }

  @Test
  void shouldHonourConstraintsFromTheHeaderAndRejectMalformedOnes() throws Exception {
    String body = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"review this contract clause\"}]}";

    HttpResponse<String> local = post("/chat/completions", body, "X-Atmosphere-Constraints", "{\"local_only\":true}");
    HttpResponse<String> elsewhere = post("/chat/completions", body, "X-Atmosphere-Constraints",
        "{\"data_residency\":\"MARS\"}");
    HttpResponse<String> broken = post("/chat/completions", body, "X-Atmosphere-Constraints", "{local_only");

    assertThat(local.statusCode()).isEqualTo(200);
    assertThat(local.body()).contains("\"node\":\"gw-node-");
    assertThat(elsewhere.statusCode()).isEqualTo(503);
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(broken.body()).contains("\"param\":\"X-Atmosphere-Constraints\"");
  }

  @Test
  void shouldServeARepeatFromTheSemanticCacheUnlessTheCallerBypassesIt() throws Exception {
    String body = "{\"model\":\"llamafarm:llm:legal/contracts\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"Is a verbal agreement to extend the lease binding in Germany?\"}]}";

    HttpResponse<String> first = post("/chat/completions", body);
    awaitTerminalResult(first.body()); // the answer goes out from the attempt; the router caches it at its result
    HttpResponse<String> repeat = post("/chat/completions", body);
    HttpResponse<String> bypass = post("/chat/completions", body, "X-Atmosphere-Cache", "bypass");
    HttpResponse<String> wrong = post("/chat/completions", body, "X-Atmosphere-Cache", "sometimes");

    assertThat(first.body()).contains("\"cache\":\"miss\"");
    assertThat(repeat.statusCode()).isEqualTo(200);
    assertThat(repeat.body()).contains("\"cache\":\"hit\"", "\"cache_similarity\":1.0");
    assertThat(bypass.body()).contains("\"cache\":\"miss\"");
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("\"param\":\"X-Atmosphere-Cache\"");
  }

  @Test
  void shouldEmbedALangChainSizedBatchOfFiveHundredInputsInOrderThroughTheMesh() throws Exception {
    String inputs = java.util.stream.IntStream.range(0, 500).mapToObj(k -> "\"passage " + k + " of the handbook\"")
        .collect(java.util.stream.Collectors.joining(","));

    HttpResponse<String> batch = post("/embeddings", "{\"model\":\"builtin:embeddings:all-MiniLM-L6-v2\",\"input\":[" + inputs + "]}");
    HttpResponse<String> single = post("/embeddings", "{\"model\":\"builtin:embeddings:all-MiniLM-L6-v2\",\"input\":\"passage 321 of the handbook\"}");

    assertThat(batch.statusCode()).as(batch.body().substring(0, Math.min(300, batch.body().length()))).isEqualTo(200);
    com.fasterxml.jackson.databind.JsonNode data = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(batch.body()).get("data");
    com.fasterxml.jackson.databind.JsonNode alone = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(single.body()).get("data").get(0).get("embedding");
    assertThat(data).hasSize(500);
    assertThat(data.get(321).get("index").asInt()).isEqualTo(321);
    assertThat(data.get(321).get("embedding")).hasSize(384);
    for (int d = 0; d < 384; d++) {
      assertThat(data.get(321).get("embedding").get(d).asDouble()).as("dimension %d of input 321", d)
          .isCloseTo(alone.get(d).asDouble(), org.assertj.core.data.Offset.offset(1e-4));
    }
  }

  @Test
  void shouldAnswer413NamingTheMessagesWhenAConversationIsTooLargeForOneIntent() throws Exception {
    String huge = "clause ".repeat(300_000); // 2.1 MB of text: within the body limit, beyond one Kafka record
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl
            + "/chat/completions")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"" + huge + "\"}]}")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("\"param\":\"messages\"").contains("too large to travel as one intent");
  }
}
