package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atmosphere.gateway.images.ClaimChecks;
import dev.atmosphere.gateway.images.ImageContent;
import dev.atmosphere.gateway.images.ImageFetcher;
import dev.atmosphere.gateway.images.ImagePolicy;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.WorkResult;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible endpoint of a node: {@code /v1/chat/completions} (plain and SSE streaming),
 * {@code /v1/embeddings}, {@code /v1/models}. Each request becomes an intent posted to Kafka and is answered from
 * the routes, chunks and results the {@link MeshPort} hands back under its intent id — request/reply over Kafka
 * (or, on a standalone node, directly on this machine). Also serves the node API of the design.
 */
public final class Gateway implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  /**
   * Where and how the gateway serves. {@code localOnly} (provider mode) keeps this node's own requests on this
   * node's capabilities; {@code lock} says who may call it.
   */
  public record Settings(String host, int port, Duration defaultTimeout, String nodeId, boolean localOnly,
      GatewayLock lock, ModelAliases aliases, int maxInFlight) {

    public Settings(String host, int port, Duration defaultTimeout, String nodeId, boolean localOnly, GatewayLock lock) {
      this(host, port, defaultTimeout, nodeId, localOnly, lock, ModelAliases.NONE, GatewayKeys.MAX_IN_FLIGHT.fallback());
    }
  }

  private final Settings settings;
  private final MeshPort mesh;
  private final Clock clock;
  private final Javalin app;
  private final ClaimChecks claims;
  private final ImageFetcher fetcher;
  private final List<String> routes = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final FeedbackHeader feedback = new FeedbackHeader();
  private final io.micrometer.core.instrument.Counter notRouted;

  /** A gateway whose counters nobody reads (tests, a gateway without /metrics). */
  public Gateway(Settings settings, MeshPort mesh, NodeApi nodeApi, Clock clock) {
    this(settings, mesh, nodeApi, clock, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  /** @param meters the process's registry: pieces refused because they came from a node not routed to */
  public Gateway(Settings settings, MeshPort mesh, NodeApi nodeApi, Clock clock,
      io.micrometer.core.instrument.MeterRegistry meters) {
    this.notRouted = meters.counter("atmosphere.chunks.refused", "why", "not the routed node");
    this.settings = settings;
    this.mesh = mesh;
    this.clock = clock;
    ImagePolicy images = settings.lock().images();
    this.claims = new ClaimChecks(images.claimCheckMaxBytes(), clock);
    this.fetcher = new ImageFetcher(images.fetchTimeout());
    InFlightLimit inFlight = new InFlightLimit(settings.maxInFlight(), meters);
    this.app = Javalin.create(config -> {
      config.jetty.threadPool = new org.eclipse.jetty.util.thread.QueuedThreadPool(inFlight.serverThreads(), 8);
      config.jetty.host = settings.host();
      config.jetty.port = settings.port();
      config.startup.showJavalinBanner = false;
      config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
      config.http.maxRequestSize = settings.lock().maxBodyBytes();
      config.events.handlerAdded(h -> routes.add(h.getHttpMethod() + " " + h.getPath()));
      RequestGuard guard = new RequestGuard(settings.lock(), this::port, clock);
      config.routes.before(guard::check);
      config.routes.options("/*", ctx -> { }); // CORS preflights: answered (or refused) by the guard
      config.routes.post("/v1/chat/completions", inFlight.around(this::chat));
      config.routes.post("/v1/completions", inFlight.around(this::completions));
      config.routes.post("/v1/responses", inFlight.around(ctx -> answer(ctx,
          ResponsesRequests.asChat(OpenAiRequests.body(ctx.body())), Shape.RESPONSES)));
      config.routes.post("/v1/embeddings", inFlight.around(this::embeddings));
      config.routes.get("/v1/models", ctx -> json(ctx, 200, OpenAiResponses.models(liveCapabilities(), clock.instant())));
      config.routes.get("/v1/models/<id>", ctx -> json(ctx, 200, ModelLookup.find(OpenAiResponses.models(
          liveCapabilities(), clock.instant()), liveCapabilities(), ctx.pathParam("id"), settings.aliases())));
      config.routes.get("/health", ctx -> ctx.contentType("application/json")
          .result("{\"status\":\"ok\",\"node\":\"" + settings.nodeId() + "\"}"));
      config.routes.get("/v1/atmosphere/images/{id}", this::claimCheck);
      config.routes.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").header("Cache-Control", "no-store")
          .header("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; style-src "
              + "'unsafe-inline'; frame-ancestors 'none'").result(MeshViewEvents.PAGE));
      config.routes.get("/v1/atmosphere/mesh", ctx -> json(ctx, 200,
          MeshViewJson.of(settings.nodeId(), mesh.view(), clock.instant())));
      config.routes.get("/v1/atmosphere/mesh/events", new MeshViewEvents(() ->
          MeshViewJson.of(settings.nodeId(), mesh.view(), clock.instant()))::stream);
      if (nodeApi != null) {
        config.routes.get("/v1/atmosphere/capabilities", nodeApi::capabilities);
        config.routes.post("/v1/tools/execute", nodeApi::execute);
        if (nodeApi.migrations() != null) {
          config.routes.get("/v1/atmosphere/migrations/{id}/blobs/{digest}", nodeApi.migrations()::blob);
          config.routes.get("/v1/atmosphere/migrations/{id}/blobs/{digest}/chunks", nodeApi.migrations()::chunks);
        }
      }
      ErrorAnswers.register(config.routes, routes, settings.lock().maxBodyBytes());
    });
  }

  public Gateway start() {
    mesh.start();
    try {
      app.start();
    } catch (io.javalin.util.JavalinBindException e) { // Javalin's own words did not say which setting to change
      throw new dev.atmosphere.common.config.ConfigException(List.of("gateway.port: " + settings.host() + ":"
          + settings.port() + " is in use by another program — stop it, or set gateway.port (0: any free port)"));
    }
    log.info("OpenAI-compatible gateway on http://{}:{}/v1", settings.host(), app.port());
    return this;
  }

  public int port() {
    return app.port();
  }

  private List<dev.atmosphere.schemas.CapabilityAnnouncement> liveCapabilities() {
    return mesh.capabilities();
  }

  /** In provider mode the node's own requests stay on the node. */
  private Intent scoped(Intent intent) {
    if (!settings.localOnly()) {
      return intent;
    }
    Intent copy = Intent.newBuilder(intent).build();
    copy.getConstraints().setLocalOnly(true);
    return copy;
  }

  private void chat(Context ctx) throws Exception {
    JsonNode body = OpenAiRequests.body(ctx.body());
    if (body.path("atmosphere").has("federated")) { // one question to many nodes' private data
      json(ctx, 200, FederatedRequests.completion(mesh.federated(FederatedRequests.parse(body, "fq-" + UUID.randomUUID(),
          settings.nodeId(), clock.instant(), settings.defaultTimeout()), settings.defaultTimeout()), clock.instant()));
      return;
    }
    answer(ctx, body, Shape.CHAT);
  }

  /** The legacy completions API: the prompt as one user message, answered as a {@code text_completion}. */
  private void completions(Context ctx) throws Exception {
    answer(ctx, LegacyCompletions.asChat(OpenAiRequests.body(ctx.body())), Shape.LEGACY);
  }

  /** Which API asked: chat completions, legacy completions, or the Responses API. */
  private enum Shape { CHAT, LEGACY, RESPONSES }

  private void answer(Context ctx, JsonNode asked, Shape shape) throws Exception {
    String id = UUID.randomUUID().toString();
    List<dev.atmosphere.schemas.CapabilityAnnouncement> table = liveCapabilities(); // one copy per request
    JsonNode body = settings.aliases().apply(asked, table);
    OpenAiRequests.Parsed parsed = OpenAiRequests.chat(body, ctx.header("X-Atmosphere-Constraints"),
        table, settings.nodeId(), settings.defaultTimeout(), clock.instant(), id, this::images);
    feedback.parse(ctx.header(FeedbackHeader.NAME), clock.instant()).ifPresent(mesh::feedback);
    PendingReply reply = new PendingReply(notRouted);
    try {
      Intent intent = Intent.newBuilder(scoped(parsed.intent()))
          .setCache(OpenAiRequests.cacheMode(ctx.header("X-Atmosphere-Cache"))).build();
      mesh.submit(intent, feedback.remembering(intent, reply));
      if (parsed.stream()) {
        new SseStream(ctx, parsed, reply, shape == Shape.RESPONSES).run();
        return;
      }
      WorkResult result = reply.result(parsed.timeout());
      if (result == null) {
        throw timeout(parsed.timeout());
      }
      if (!OpenAiResponses.succeeded(result)) {
        throw OpenAiResponses.errorOf(result);
      }
      json(ctx, 200, switch (shape) {
        case LEGACY -> OpenAiResponses.textCompletion(parsed.requestedModel(), reply.route(), result);
        case RESPONSES -> ResponsesObjects.completed(parsed.requestedModel(), reply.route(), result);
        case CHAT -> OpenAiResponses.completion(parsed.requestedModel(), reply.route(), result);
      });
    } finally {
      mesh.forget(id);
      claims.release(id);
    }
  }

  private ImageContent images(String intentId, Duration ttl) {
    return new ImageContent(settings.lock().images(), fetcher, claims, () -> ImagePolicy.advertisedUrl(settings.lock().images(),
        settings.host(), port()), intentId, ttl);
  }

  /** A claim-checked image for the node that runs its intent; the unguessable id is the only key. */
  private void claimCheck(Context ctx) {
    ClaimChecks.Stored image = claims.get(ctx.pathParam("id"));
    if (image == null) {
      throw new GatewayError(404, "invalid_request_error", "id", "image_not_found",
          "no such image: it was never stored, its request has its answer, or it expired");
    }
    ctx.status(200).contentType(image.mediaType()).header("Cache-Control", "no-store").result(image.bytes());
  }

  /** Every route this server registered, as "METHOD /path" (the OpenAPI drift test compares them to docs/). */
  public List<String> routes() {
    return List.copyOf(routes);
  }

  /** Claim-checked images held right now (tests and the node view). */
  public ClaimChecks claimChecks() {
    return claims;
  }

  private void embeddings(Context ctx) throws Exception {
    List<dev.atmosphere.schemas.CapabilityAnnouncement> table = liveCapabilities(); // one copy per request
    JsonNode body = settings.aliases().apply(OpenAiRequests.body(ctx.body()), table);
    Duration timeout = settings.defaultTimeout();
    String prefix = UUID.randomUUID().toString();
    List<Intent> intents = EmbeddingRequests.parse(body, ctx.header("X-Atmosphere-Constraints"),
        table, settings.nodeId(), timeout, clock.instant(), prefix);
    try {
      List<WorkResult> results = EmbeddingUnits.run(intents, this::scoped, mesh, timeout,
          () -> new PendingReply(notRouted));
      EmbeddingRequests.checkDimensions(body, results);
      boolean base64 = "base64".equals(body.path("encoding_format").asText("float"));
      json(ctx, 200, OpenAiResponses.embeddings(results, body.path("model").asText(), base64));
    } finally {
      intents.forEach(i -> mesh.forget(i.getIntentId()));
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
    mesh.close();
  }
}
