package dev.atmosphere.ingest.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.common.migration.JsonLedger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The migrations this node offered and may still serve (which node, which blobs, until when), kept on disk
 * ({@code <data dir>/migrations/source-offers.json}): a serving node that restarts mid-transfer still serves the blobs
 * it offered, so the target resumes from its last verified chunk instead of failing. Expired offers are dropped.
 */
final class OfferBook {

  /** @param files per digest, the file served for it when it is not an Ollama blob (a LlamaFarm model's files) */
  record Offer(String target, Set<String> digests, Instant expiresAt, Map<String, Path> files) {}

  private final Path file;
  private final Clock clock;
  private final Map<String, Offer> offers = new ConcurrentHashMap<>();

  OfferBook(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
    load();
  }

  synchronized void put(String migrationId, Offer offer) {
    offers.put(migrationId, offer);
    offers.values().removeIf(o -> o.expiresAt().isBefore(clock.instant()));
    save();
  }

  Optional<Offer> get(String migrationId) {
    return Optional.ofNullable(offers.get(migrationId)).filter(o -> o.expiresAt().isAfter(clock.instant()));
  }

  private void load() {
    JsonLedger.read(file).ifPresent(root -> root.fields().forEachRemaining(e -> {
      JsonNode o = e.getValue();
      Set<String> digests = new HashSet<>();
      o.path("digests").forEach(d -> digests.add(d.asText()));
      Map<String, Path> files = new HashMap<>();
      o.path("files").fields().forEachRemaining(f -> files.put(f.getKey(), Path.of(f.getValue().asText())));
      offers.put(e.getKey(), new Offer(o.path("target").asText(), digests,
          Instant.ofEpochMilli(o.path("expiresAt").asLong()), files));
    }));
  }


  private void save() {
    ObjectNode root = JsonLedger.object();
    offers.forEach((id, o) -> {
      ObjectNode n = root.putObject(id).put("target", o.target()).put("expiresAt", o.expiresAt().toEpochMilli());
      o.digests().forEach(n.putArray("digests")::add);
      ObjectNode files = n.putObject("files");
      o.files().forEach((digest, path) -> files.put(digest, path.toString()));
    });
    JsonLedger.write(file, root);
  }

}
