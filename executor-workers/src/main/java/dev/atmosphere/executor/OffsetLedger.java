package dev.atmosphere.executor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which polled work units of each partition are finished, so the executor can commit them out of order. Kafka keeps
 * one offset per partition: a quick unit behind a slow one cannot move it. So the offset committed is the first
 * unfinished unit, and the units finished beyond it travel in the same commit's metadata ({@code atmosphere-done:}
 * ranges relative to the offset, e.g. {@code 1-3,6}) — written in the same transaction as their results. Whoever reads
 * the partition next (this loop after a restart, another replica after a rebalance) starts at the offset and skips the
 * units the metadata lists: each unit still yields exactly one committed result. Ranges keep the metadata small (one
 * per gap, and there are at most as many gaps as units in flight), far below Kafka's 4 KB limit.
 */
final class OffsetLedger {

  static final String PREFIX = "atmosphere-done:";

  /** Per partition: offset → finished, for units polled and not yet below a committed offset. */
  private final Map<TopicPartition, NavigableMap<Long, Boolean>> open = new HashMap<>();
  /** Per partition: offsets a previous owner finished beyond its committed offset. */
  private final Map<TopicPartition, Set<Long>> doneBefore = new HashMap<>();
  private final Set<TopicPartition> changed = new java.util.HashSet<>();

  /** What the partition's last owner committed (null: nothing yet). */
  void restore(TopicPartition tp, OffsetAndMetadata committed) {
    open.remove(tp);
    doneBefore.remove(tp);
    if (committed != null) {
      Set<Long> done = decode(committed.offset(), committed.metadata());
      if (!done.isEmpty()) {
        doneBefore.put(tp, done);
      }
    }
  }

  /** True when a previous owner already finished this unit: it is consumed as finished, without running again. */
  boolean alreadyDone(TopicPartition tp, long offset) {
    Set<Long> done = doneBefore.get(tp);
    if (done == null || !done.remove(offset)) {
      return false;
    }
    started(tp, offset);
    finished(tp, offset);
    return true;
  }

  void started(TopicPartition tp, long offset) {
    open.computeIfAbsent(tp, p -> new TreeMap<>()).put(offset, false);
  }

  /** Marks a started unit finished; false when this ledger does not hold it (its partition was handed over). */
  boolean finished(TopicPartition tp, long offset) {
    NavigableMap<Long, Boolean> units = open.get(tp);
    if (units != null && units.replace(offset, true) != null) {
      changed.add(tp);
      return true;
    }
    return false;
  }

  /** Units started and not finished, over every partition. */
  int unfinished() {
    return (int) open.values().stream().flatMap(m -> m.values().stream()).filter(f -> !f).count();
  }

  int unfinished(Collection<TopicPartition> partitions) {
    return (int) partitions.stream().map(open::get).filter(java.util.Objects::nonNull)
        .flatMap(m -> m.values().stream()).filter(f -> !f).count();
  }

  /** The offsets to commit for every partition where a unit finished since the last commit. */
  Map<TopicPartition, OffsetAndMetadata> commitPoints() {
    Map<TopicPartition, OffsetAndMetadata> points = new HashMap<>();
    for (TopicPartition tp : changed) {
      NavigableMap<Long, Boolean> units = open.get(tp);
      if (units == null || units.isEmpty()) {
        continue;
      }
      long first = units.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).findFirst()
          .orElse(units.lastKey() + 1);
      TreeSet<Long> doneAbove = new TreeSet<>();
      units.tailMap(first, true).forEach((offset, finished) -> {
        if (finished) {
          doneAbove.add(offset);
        }
      });
      points.put(tp, new OffsetAndMetadata(first, encode(first, doneAbove)));
    }
    return points;
  }

  /** The commit of {@code points} succeeded: units below each offset are forgotten. */
  void committed(Map<TopicPartition, OffsetAndMetadata> points) {
    points.forEach((tp, point) -> {
      NavigableMap<Long, Boolean> units = open.get(tp);
      if (units != null) {
        units.headMap(point.offset(), false).clear();
      }
    });
    changed.removeAll(points.keySet());
  }

  void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(tp -> {
      open.remove(tp);
      doneBefore.remove(tp);
      changed.remove(tp);
    });
  }

  /** {@code done} (all ≥ base) as ranges relative to {@code base}: 1-3,6. Empty when nothing is done beyond it. */
  static String encode(long base, TreeSet<Long> done) {
    if (done.isEmpty()) {
      return "";
    }
    List<String> ranges = new ArrayList<>();
    long start = -1;
    long end = -1;
    for (long offset : done) {
      if (start >= 0 && offset == end + 1) {
        end = offset;
        continue;
      }
      if (start >= 0) {
        ranges.add(range(start - base, end - base));
      }
      start = offset;
      end = offset;
    }
    ranges.add(range(start - base, end - base));
    return PREFIX + String.join(",", ranges);
  }

  static Set<Long> decode(long base, String metadata) {
    Set<Long> done = new java.util.HashSet<>();
    if (metadata == null || !metadata.startsWith(PREFIX) || metadata.length() == PREFIX.length()) {
      return done;
    }
    try {
      for (String range : metadata.substring(PREFIX.length()).split(",")) {
        String[] ends = range.split("-");
        long from = Long.parseLong(ends[0]);
        long to = ends.length > 1 ? Long.parseLong(ends[1]) : from;
        for (long d = from; d <= to && done.size() < 1_000_000; d++) {
          done.add(base + d);
        }
      }
    } catch (NumberFormatException e) {
      return new java.util.HashSet<>(); // not ours: run everything from the offset (at least once beats lost)
    }
    return done;
  }

  private static String range(long from, long to) {
    return from == to ? Long.toString(from) : from + "-" + to;
  }
}
