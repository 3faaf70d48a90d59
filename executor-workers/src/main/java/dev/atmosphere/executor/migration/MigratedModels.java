package dev.atmosphere.executor.migration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.common.migration.JsonLedger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models that came to this node by migration, with their size and when they last ran, kept on disk
 * ({@code <data dir>/migrations/migrated-models.json}) so the keep policy survives a restart. {@code migration.keep}:
 * {@code always} keeps them; {@code lru} keeps the most recently used within {@code migration.keep_budget_gb} and
 * removes the rest; {@code never} removes a migrated model once it has answered. Models this node had before are
 * never in the ledger, so never removed.
 */
public final class MigratedModels {

  /** What {@code migration.keep} asks for. */
  public enum Keep { ALWAYS, LRU, NEVER }

  private record Entry(long bytes, long lastUsedMillis) {}

  private final Path file;
  private final Keep keep;
  private final long budgetBytes;
  private final Map<String, Entry> models = new LinkedHashMap<>();

  public MigratedModels(Path file, Keep keep, long budgetBytes) {
    this.file = file;
    this.keep = keep;
    this.budgetBytes = budgetBytes;
    load();
  }

  /** A model arrived; returns the models to remove now (least recently used beyond the budget, never this one). */
  public synchronized List<String> arrived(String model, long bytes, Instant now) {
    models.put(model, new Entry(bytes, now.toEpochMilli()));
    List<String> out = new ArrayList<>();
    if (keep == Keep.LRU) {
      long total = models.values().stream().mapToLong(Entry::bytes).sum();
      List<String> oldestFirst = models.entrySet().stream().filter(e -> !e.getKey().equals(model))
          .sorted(Comparator.comparingLong(e -> e.getValue().lastUsedMillis())).map(Map.Entry::getKey).toList();
      for (String victim : oldestFirst) {
        if (total <= budgetBytes) {
          break;
        }
        total -= models.remove(victim).bytes();
        out.add(victim);
      }
    }
    save();
    return out;
  }

  /** A model answered; returns the models to remove now ({@code never}: this one, when it came by migration). */
  public synchronized List<String> used(String model, Instant now) {
    Entry e = models.get(model);
    if (e == null) {
      return List.of();
    }
    if (keep == Keep.NEVER) {
      models.remove(model);
      save();
      return List.of(model);
    }
    models.put(model, new Entry(e.bytes(), now.toEpochMilli()));
    save();
    return List.of();
  }

  /** The migrated models held now, least recently used first. */
  public synchronized List<String> held() {
    return models.entrySet().stream().sorted(Comparator.comparingLong(e -> e.getValue().lastUsedMillis()))
        .map(Map.Entry::getKey).toList();
  }

  private void load() {
    JsonLedger.read(file).ifPresent(root -> root.fields().forEachRemaining(f -> models.put(f.getKey(),
        new Entry(f.getValue().path("bytes").asLong(), f.getValue().path("lastUsed").asLong()))));
  }


  private void save() {
    ObjectNode root = JsonLedger.object();
    models.forEach((m, e) -> root.putObject(m).put("bytes", e.bytes()).put("lastUsed", e.lastUsedMillis()));
    JsonLedger.write(file, root);
  }

}
