package dev.atmosphere.ingest.migration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atmosphere.backends.llamafarm.HuggingFaceCache;
import dev.atmosphere.backends.llamafarm.LlamaFarmModelFiles;
import dev.atmosphere.backends.ollama.OllamaModelStore;
import dev.atmosphere.common.kafka.EventLoop;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.common.migration.MigrationSettings;
import dev.atmosphere.common.migration.TransferToken;
import dev.atmosphere.schemas.MigrationEvent;
import dev.atmosphere.schemas.MigrationPhase;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The source side of model migration: answers a REQUESTED migration of one of this node's Ollama models, or of a
 * LlamaFarm project's model ({@code llamafarm:llm:<ns>/<project>}: {@link LlamaFarmModelFiles}), with an OFFERED event — the manifest, where to fetch, and a token only the target can use for an hour — and then serves
 * exactly that manifest's blobs to exactly that node. Refuses (FAILED, with the reason) when serving is off, the
 * model is not here, or it is larger than {@code migration.max_mb}.
 */
public final class MigrationServer implements AutoCloseable {

  private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

  private final String nodeId;
  private final Topics topics;
  private final MigrationSettings settings;
  private final OllamaModelStore store;
  private final LlamaFarmModelFiles projects;
  private final Supplier<String> apiUrl;
  private final Clock clock;
  private final TransferToken tokens;
  private final OfferBook offers;
  private final KafkaProducer<String, MigrationEvent> producer;
  private final EventLoop<MigrationEvent> loop;

  public MigrationServer(String nodeId, KafkaConnection connection, Topics topics, MigrationSettings settings,
      Supplier<String> apiUrl, Clock clock) {
    this.nodeId = nodeId;
    this.topics = topics;
    this.settings = settings;
    this.store = new OllamaModelStore(settings.modelsDir());
    this.projects = new LlamaFarmModelFiles(settings.llamaFarmDir(), new HuggingFaceCache(settings.huggingFaceDir()),
        store);
    this.apiUrl = apiUrl;
    this.clock = clock;
    // both kept on disk: a restart mid-transfer keeps the offers and their tokens, and the target resumes
    this.tokens = TransferToken.persisted(settings.stagingDir().resolve("source-token.key"));
    this.offers = new OfferBook(settings.stagingDir().resolve("source-offers.json"), clock);
    AvroSerdes serdes = connection.serdes();
    this.producer = EventLoop.producer(connection, serdes.keys().serializer(),
        serdes.serde(MigrationEvent.class).serializer());
    this.loop = new EventLoop<>(connection, "atmosphere-migration-source-" + nodeId, topics.migrations(),
        serdes.serde(MigrationEvent.class).deserializer(), this::onEvent, Duration.ofMinutes(5));
  }

  public MigrationServer start() {
    loop.start();
    return this;
  }

  private void onEvent(MigrationEvent e) {
    if (e.getPhase() == MigrationPhase.REQUESTED && e.getSourceNodeId().equals(nodeId)
        && e.getAt().isAfter(clock.instant().minus(TOKEN_LIFETIME))) { // requests older than a token's life: stale
      producer.send(new ProducerRecord<>(topics.migrations(), e.getMigrationId(), answer(e)));
    }
  }

  /** The OFFERED (or FAILED) answer to a request of this node's model. */
  MigrationEvent answer(MigrationEvent request) {
    Instant now = clock.instant();
    MigrationEvent.Builder out = MigrationEvent.newBuilder(request).setAt(now);
    if (!settings.serve()) {
      return out.setPhase(MigrationPhase.FAILED).setError("node " + nodeId + " does not serve migrations "
          + "(migration.serve)").build();
    }
    if (LlamaFarmModelFiles.isProject(request.getModel())) {
      return project(request, out, now);
    }
    Optional<JsonNode> manifest = store.manifest(request.getModel());
    if (manifest.isEmpty()) {
      return out.setPhase(MigrationPhase.FAILED).setError("model " + request.getModel() + " is not in the Ollama "
          + "store of node " + nodeId).build();
    }
    long size = OllamaModelStore.size(manifest.get());
    if (size > settings.maxBytes()) {
      return out.setPhase(MigrationPhase.FAILED).setError("model " + request.getModel() + " has " + size
          + " bytes; at most " + settings.maxBytes() + " are moved (migration.max_mb)").build();
    }
    Set<String> digests = new HashSet<>();
    manifest.get().path("layers").forEach(l -> digests.add(l.path("digest").asText()));
    return offered(request, out, now, manifest.get(), size, digests, Map.of());
  }

  /** A LlamaFarm project's default model: its files in the Hugging Face cache or Ollama, and its configuration. */
  private MigrationEvent project(MigrationEvent request, MigrationEvent.Builder out, Instant now) {
    try {
      LlamaFarmModelFiles.Offer offer = projects.offer(request.getModel());
      if (offer.size() > settings.maxBytes()) {
        return out.setPhase(MigrationPhase.FAILED).setError("model of " + request.getModel() + " has "
            + offer.size() + " bytes; at most " + settings.maxBytes() + " are moved (migration.max_mb)").build();
      }
      return offered(request, out, now, offer.manifest(), offer.size(), offer.files().keySet(), offer.files());
    } catch (IOException e) {
      return out.setPhase(MigrationPhase.FAILED).setError(e.getMessage()).build();
    }
  }

  private MigrationEvent offered(MigrationEvent request, MigrationEvent.Builder out, Instant now, JsonNode manifest,
      long size, Set<String> digests, Map<String, Path> files) {
    offers.put(request.getMigrationId(), new OfferBook.Offer(request.getTargetNodeId(), digests,
        now.plus(TOKEN_LIFETIME), files));
    return out.setPhase(MigrationPhase.OFFERED).setSourceUrl(apiUrl.get()).setManifestJson(manifest.toString())
        .setBytesTotal(size).setToken(tokens.issue(request.getMigrationId(), request.getTargetNodeId(),
            now.plus(TOKEN_LIFETIME))).build();
  }

  /** The blob a requester may fetch under a migration, or empty: wrong token, node, migration or digest. */
  public Optional<Path> blob(String migrationId, String digest, String token, String requester) {
    OfferBook.Offer offer = offers.get(migrationId).orElse(null);
    if (offer == null || !offer.target().equals(requester) || !offer.digests().contains(digest)
        || !tokens.permits(token, migrationId, requester, clock.instant())) {
      return Optional.empty();
    }
    Path file = offer.files().get(digest);
    return file != null ? Optional.of(file).filter(Files::isRegularFile) : store.blob(digest);
  }

  @Override
  public void close() {
    loop.close();
    producer.close(Duration.ofSeconds(5));
  }
}
