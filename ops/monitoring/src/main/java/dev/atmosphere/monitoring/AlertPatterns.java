package dev.atmosphere.monitoring;

import java.time.Duration;
import java.util.List;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * The CEP patterns, as factories whose parameters come from {@link MonitoringConfig}: each takes its window and
 * counts, so tests and deployments choose them. Bursts skip past their last event, so N failures make one alert,
 * not N overlapping ones.
 */
public final class AlertPatterns {

  private AlertPatterns() {}

  /** dead → alive → dead on one node within {@code window}. */
  public static Pattern<MeshEvent, MeshEvent> flapping(Duration window) {
    return Pattern.<MeshEvent>begin("down", AfterMatchSkipStrategy.skipPastLastEvent())
        .where(SimpleCondition.of(e -> e.kind == MeshEvent.Kind.DEAD))
        .followedBy("up").where(SimpleCondition.of(e -> e.kind == MeshEvent.Kind.ALIVE))
        .followedBy("down-again").where(SimpleCondition.of(e -> e.kind == MeshEvent.Kind.DEAD))
        .within(window);
  }

  /** {@code count} events matching {@code condition} within {@code window} (failures, NO_ROUTEs, dead letters). */
  public static Pattern<MeshEvent, MeshEvent> burst(String name, SimpleCondition<MeshEvent> condition, int count,
      Duration window) {
    return Pattern.<MeshEvent>begin(name, AfterMatchSkipStrategy.skipPastLastEvent()).where(condition)
        .times(count).within(window);
  }

  /** A heartbeat, then {@code rises} heartbeats in a row each reporting a deeper queue than the one before. */
  public static Pattern<MeshEvent, MeshEvent> overload(int rises, Duration window) {
    return Pattern.<MeshEvent>begin("base", AfterMatchSkipStrategy.skipPastLastEvent())
        .where(SimpleCondition.of(e -> e.kind == MeshEvent.Kind.HEARTBEAT))
        .next("rising").where(new RisingQueue()).times(rises).consecutive()
        .within(window);
  }

  /** Deeper than the previous heartbeat of the match. */
  static final class RisingQueue extends IterativeCondition<MeshEvent> {
    @Override
    public boolean filter(MeshEvent e, Context<MeshEvent> ctx) throws Exception {
      if (e.kind != MeshEvent.Kind.HEARTBEAT) {
        return false;
      }
      MeshEvent previous = null;
      for (MeshEvent r : ctx.getEventsForPattern("rising")) {
        previous = r;
      }
      if (previous == null) {
        for (MeshEvent b : ctx.getEventsForPattern("base")) {
          previous = b;
        }
      }
      return previous != null && e.queueDepth > previous.queueDepth;
    }
  }

  static long first(List<MeshEvent> events) {
    return events.get(0).timestamp;
  }

  static long last(List<MeshEvent> events) {
    return events.get(events.size() - 1).timestamp;
  }
}
