package dev.atmosphere.ingest.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.topics.Topics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible endpoint of a node: {@code /v1/chat/completions} (plain and SSE streaming),
 * {@code /v1/embeddings}, {@code /v1/models}. Each request becomes an intent posted to Kafka and is answered from
 * the routes, chunks and results the {@link MeshTap} hands back under its intent id — request/reply over Kafka.
 */
public final class Gateway implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  /** Where and how the gateway serves. */
  public record Settings(String host, int port, Duration defaultTimeout, String nodeId) {}

  private final Settings settings;
  private final Topics topics;
  private final MeshTap tap;
  private final KafkaProducer<String, Intent> producer;
  private final Clock clock;
  private final Javalin app;

  public Gateway(Settings settings, KafkaConnection connection, Topics topics, Clock clock) {
    this.settings = settings;
    this.topics = topics;
    this.clock = clock;
    AvroSerdes serdes = AvroSerdes.forUrl(connection.registryUrl());
    this.tap = new MeshTap(connection, topics, serdes);
    Properties p = connection.clientProps();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    this.producer = new KafkaProducer<>(p, serdes.keys().serializer(), serdes.intent().serializer());
    this.app = Javalin.create(config -> {
      config.jetty.host = settings.host();
      config.jetty.port = settings.port();
      config.startup.showJavalinBanner = false;
      config.routes.post("/v1/chat/completions", this::chat);
      config.routes.post("/v1/embeddings", this::embeddings);
      config.routes.get("/v1/models", ctx -> json(ctx, 200, OpenAiResponses.models(liveCapabilities(), clock.instant())));
      config.routes.get("/health", ctx -> ctx.contentType("application/json")
          .result("{\"status\":\"ok\",\"node\":\"" + settings.nodeId() + "\"}"));
      config.routes.exception(GatewayError.class, (e, ctx) -> json(ctx, e.status(), OpenAiResponses.error(e)));
      config.routes.exception(Exception.class, (e, ctx) -> {
        log.error("gateway request {} failed", ctx.path(), e);
        json(ctx, 500, OpenAiResponses.error(new GatewayError(500, "server_error", null, null,
            "internal error: " + e.getClass().getSimpleName())));
      });
    });
  }

  public Gateway start() {
    tap.start();
    app.start();
    log.info("OpenAI-compatible gateway on http://{}:{}/v1", settings.host(), app.port());
    return this;
  }

  public int port() {
    return app.port();
  }

  private List<dev.atmosphere.schemas.CapabilityAnnouncement> liveCapabilities() {
    Instant now = clock.instant();
    return tap.capabilities().stream().filter(c -> tap.alive(c.getNodeId(), now)).toList();
  }

  private void chat(Context ctx) throws Exception {
    JsonNode body = OpenAiRequests.body(ctx.body());
    String id = UUID.randomUUID().toString();
    OpenAiRequests.Parsed parsed = OpenAiRequests.chat(body, ctx.header("X-Atmosphere-Constraints"),
        liveCapabilities(), settings.nodeId(), settings.defaultTimeout(), clock.instant(), id);
    PendingReply reply = new PendingReply();
    tap.listen(id, reply);
    try {
      post(parsed.intent());
      if (parsed.stream()) {
        new SseStream(ctx, parsed, reply).run();
        return;
      }
      WorkResult result = reply.result(parsed.timeout());
      if (result == null) {
        throw timeout(parsed.timeout());
      }
      if (!OpenAiResponses.succeeded(result)) {
        throw OpenAiResponses.errorOf(result);
      }
      json(ctx, 200, OpenAiResponses.completion(parsed.requestedModel(), reply.route(), result));
    } finally {
      tap.forget(id);
    }
  }

  private void embeddings(Context ctx) throws Exception {
    JsonNode body = OpenAiRequests.body(ctx.body());
    Duration timeout = settings.defaultTimeout();
    String prefix = UUID.randomUUID().toString();
    List<Intent> intents = OpenAiRequests.embeddings(body, ctx.header("X-Atmosphere-Constraints"),
        liveCapabilities(), settings.nodeId(), timeout, clock.instant(), prefix);
    List<PendingReply> replies = new ArrayList<>();
    try {
      for (Intent intent : intents) {
        PendingReply reply = new PendingReply();
        replies.add(reply);
        tap.listen(intent.getIntentId(), reply);
        post(intent);
      }
      List<WorkResult> results = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      for (PendingReply reply : replies) {
        WorkResult r = reply.result(Duration.ofNanos(deadline - System.nanoTime()));
        if (r == null) {
          throw timeout(timeout);
        }
        if (!OpenAiResponses.succeeded(r)) {
          throw OpenAiResponses.errorOf(r);
        }
        results.add(r);
      }
      boolean base64 = "base64".equals(body.path("encoding_format").asText("float"));
      json(ctx, 200, OpenAiResponses.embeddings(results, body.path("model").asText(), base64));
    } finally {
      intents.forEach(i -> tap.forget(i.getIntentId()));
    }
  }

  private void post(Intent intent) throws InterruptedException {
    try {
      producer.send(new ProducerRecord<>(topics.intents(), intent.getIntentId(), intent)).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new GatewayError(503, "service_unavailable", null, "mesh_unavailable",
          "could not post the request to Kafka: " + e.getMessage());
    }
  }

  static GatewayError timeout(Duration timeout) {
    return new GatewayError(504, "timeout", null, "timeout", "no answer within " + timeout.toMillis() + " ms");
  }

  static void json(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType("application/json").result(body.toString());
  }

  @Override
  public void close() {
    app.stop();
    tap.close();
    producer.close(Duration.ofSeconds(5));
  }
}
