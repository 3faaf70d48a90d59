package dev.atmosphere.executor.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atmosphere.backends.llamafarm.HuggingFaceCache;
import dev.atmosphere.backends.llamafarm.LlamaFarmInstaller;
import dev.atmosphere.backends.llamafarm.LlamaFarmModelFiles;
import dev.atmosphere.backends.ollama.OllamaImporter;
import dev.atmosphere.common.kafka.EventLoop;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.common.migration.MigrationSettings;
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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target side of model migration: takes an OFFERED migration addressed to this node (when it accepts
 * migrations), fetches every blob of the manifest from the source ({@link BlobDownloader}: chunked, verified,
 * resumable), gives the model to the local Ollama ({@link OllamaImporter}) — or, for a LlamaFarm project's model, to
 * this node's LlamaFarm ({@link LlamaFarmInstaller}) — and reports PROGRESS about once a second,
 * then COMPLETED — after which this node's discovery announces the model like any other — or FAILED with the reason.
 */
public final class MigrationClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MigrationClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String nodeId;
  private final Topics topics;
  private final MigrationSettings settings;
  private final BlobDownloader downloader;
  private final OllamaImporter ollama;
  private final LlamaFarmInstaller llamaFarm;
  private final Clock clock;
  private final KafkaProducer<String, MigrationEvent> producer;
  private final EventLoop<MigrationEvent> loop;
  private final MigratedModels kept;
  private final java.util.function.Supplier<Long> gpuMemory;
  private final io.micrometer.core.instrument.MeterRegistry meters;
  private final java.util.concurrent.ExecutorService cleaner = java.util.concurrent.Executors.newSingleThreadExecutor(
      r -> new Thread(r, "migrated-model-cleaner"));

  /** @param gpuMemory this node's GPU memory in bytes, null when unknown (for {@code migration.allow_cpu: false}) */
  public MigrationClient(String nodeId, KafkaConnection connection, Topics topics, MigrationSettings settings,
      String ollamaHost, Clock clock, java.util.function.Supplier<Long> gpuMemory,
      io.micrometer.core.instrument.MeterRegistry meters) {
    this.meters = meters;
    this.nodeId = nodeId;
    this.gpuMemory = gpuMemory;
    this.topics = topics;
    this.settings = settings;
    this.downloader = new BlobDownloader(settings.chunkBytes(), settings.parallel(),
        new dev.atmosphere.common.migration.Bandwidth(settings.maxBytesPerSecond()));
    this.ollama = new OllamaImporter(ollamaHost);
    this.llamaFarm = new LlamaFarmInstaller(settings.llamaFarmDir(), new HuggingFaceCache(settings.huggingFaceDir()),
        ollama);
    this.clock = clock;
    this.kept = new MigratedModels(settings.stagingDir().resolve("migrated-models.json"),
        MigratedModels.Keep.valueOf(settings.keep().toUpperCase(java.util.Locale.ROOT)), settings.keepBudgetBytes());
    AvroSerdes serdes = connection.serdes();
    this.producer = EventLoop.producer(connection, serdes.keys().serializer(),
        serdes.serde(MigrationEvent.class).serializer());
    this.loop = new EventLoop<>(connection, "atmosphere-migration-target-" + nodeId, topics.migrations(),
        serdes.serde(MigrationEvent.class).deserializer(), this::onEvent, Duration.ofHours(6)); // a model takes time
  }

  public MigrationClient start() {
    loop.start();
    return this;
  }

  private void onEvent(MigrationEvent e) {
    if (e.getPhase() == MigrationPhase.OFFERED && e.getTargetNodeId().equals(nodeId)
        && e.getAt().isAfter(clock.instant().minus(Duration.ofHours(1)))) { // its token lives an hour
      send(receive(e));
    }
  }

  /** Runs one offered migration to its end: COMPLETED, or FAILED with the reason. */
  MigrationEvent receive(MigrationEvent offer) {
    MigrationEvent.Builder done = MigrationEvent.newBuilder(offer).setToken(null).setSourceUrl(null)
        .setManifestJson(null);
    if (!settings.accept()) {
      return done.setPhase(MigrationPhase.FAILED).setAt(clock.instant())
          .setError("node " + nodeId + " does not accept migrations (migration.accept)").build();
    }
    try {
      JsonNode manifest = JSON.readTree(offer.getManifestJson());
      long size = 0;
      for (JsonNode layer : manifest.path("layers")) {
        size += layer.path("size").asLong();
      }
      java.util.Optional<String> misfit = ModelFit.refusal(offer.getModel(), size, settings.allowCpu(),
          gpuMemory.get(), nodeId);
      if (misfit.isPresent()) {
        return done.setPhase(MigrationPhase.FAILED).setAt(clock.instant()).setError(misfit.get()).build();
      }
      Path dir = settings.stagingDir().resolve(offer.getMigrationId().replaceAll("[^A-Za-z0-9._-]", "_"));
      Files.createDirectories(dir);
      BlobDownloader.Source source = new BlobDownloader.Source(offer.getSourceUrl(), offer.getMigrationId(),
          offer.getToken(), nodeId);
      AtomicLong bytes = new AtomicLong();
      Instant[] lastReport = {clock.instant()};
      Map<String, Path> blobs = new HashMap<>();
      for (JsonNode layer : manifest.path("layers")) {
        String digest = layer.path("digest").asText();
        Path file = dir.resolve(digest.replace(':', '-'));
        downloader.fetch(source, digest, layer.path("size").asLong(), file, n -> {
          long now = bytes.addAndGet(n);
          if (Duration.between(lastReport[0], clock.instant()).toMillis() >= 1000) {
            lastReport[0] = clock.instant();
            send(MigrationEvent.newBuilder(done.build()).setPhase(MigrationPhase.PROGRESS).setBytesDone(now)
                .setAt(clock.instant()).build());
          }
        });
        blobs.put(digest, file);
      }
      if (LlamaFarmModelFiles.isProject(offer.getModel())) {
        llamaFarm.install(manifest, blobs);
      } else {
        ollama.importModel(offer.getModel(), manifest, blobs);
        remove(kept.arrived(offer.getModel(), bytes.get(), clock.instant()), "keeps the least recently used within "
            + settings.keepBudgetBytes() / (1L << 30) + " GB");
      }
      discard(dir); // the model is in Ollama or the Hugging Face cache now: a second copy would stay for good
      log.info("migration {}: {} from {} is on this node now", offer.getMigrationId(), offer.getModel(),
          offer.getSourceNodeId());
      meters.counter("atmosphere.migrations", "node", nodeId, "outcome", "completed").increment();
      meters.counter("atmosphere.migration.bytes", "node", nodeId).increment(bytes.get());
      return done.setPhase(MigrationPhase.COMPLETED).setBytesDone(bytes.get()).setAt(clock.instant()).build();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      log.warn("migration {} failed: {}", offer.getMigrationId(), e.getMessage());
      meters.counter("atmosphere.migrations", "node", nodeId, "outcome", "failed").increment();
      return done.setPhase(MigrationPhase.FAILED).setError(e.getMessage()).setAt(clock.instant()).build();
    }
  }

  /** A unit ran on this node: a migrated Ollama model was used ({@code migration.keep: never} removes it now). */
  public void ran(dev.atmosphere.schemas.WorkUnit unit) {
    if (unit.getProvider() == dev.atmosphere.schemas.Provider.OLLAMA) { // an Ollama unit's target is its model
      java.util.List<String> gone = kept.used(unit.getTarget(), clock.instant());
      if (!gone.isEmpty()) { // off the executor's thread: the answer is not held up by Ollama
        cleaner.execute(() -> remove(gone, "removed once it has answered (migration.keep: never)"));
      }
    }
  }

  private void remove(java.util.List<String> models, String why) {
    for (String model : models) {
      try {
        ollama.delete(model);
        log.info("migrated model {} removed from this node's Ollama: {}", model, why);
        meters.counter("atmosphere.migration.removed", "node", nodeId).increment();
      } catch (IOException e) {
        log.warn("could not remove migrated model {}: {}", model, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Removes a finished migration's staged files (kept while it runs, so a restart resumes from them). */
  private static void discard(Path dir) {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      log.warn("could not remove the staged files in {}: {}", dir, e.getMessage());
    }
  }

  private void send(MigrationEvent e) {
    producer.send(new ProducerRecord<>(topics.migrations(), e.getMigrationId(), e));
  }

  @Override
  public void close() {
    loop.close();
    cleaner.shutdown();
    producer.close(Duration.ofSeconds(5));
  }
}
