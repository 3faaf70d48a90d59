package dev.atmosphere.monitoring;

import dev.atmosphere.schemas.AlertSeverity;
import dev.atmosphere.schemas.AlertType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.functions.TimedOutPartialMatchHandler;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The monitoring job as a function from mesh events to alerts, independent of where events come from (Kafka in
 * production, a list in tests): liveness derived from heartbeats, then one CEP pattern or window per alert type.
 * Partial matches that time out (a node that came back and stayed up, a queue that stopped growing) are handled
 * explicitly: they go to the {@link #TIMED_OUT} side output, which the job logs.
 */
public final class MonitoringTopology {

  /** Descriptions of partial matches that timed out. */
  public static final OutputTag<String> TIMED_OUT = new OutputTag<>("timed-out-partial-matches") { };

  /** Alerts, and the timed-out partial matches of every pattern. */
  public record Streams(DataStream<AlertEvent> alerts, DataStream<String> timedOut) {}

  private MonitoringTopology() {}

  public static WatermarkStrategy<MeshEvent> watermarks(MonitoringConfig config) {
    return WatermarkStrategy.<MeshEvent>forBoundedOutOfOrderness(config.outOfOrderness())
        .withTimestampAssigner((e, ts) -> e.timestamp).withIdleness(config.outOfOrderness().multipliedBy(6));
  }

  /** {@code events} must carry event-time timestamps and watermarks (see {@link #watermarks}). */
  public static Streams build(DataStream<MeshEvent> events, MonitoringConfig config) {
    DataStream<MeshEvent> nodes = events.filter(e -> e.kind == MeshEvent.Kind.HEARTBEAT).name("heartbeats").uid("heartbeats")
        .keyBy(e -> e.nodeId).process(new Liveness()).name("liveness").uid("liveness");
    DataStream<MeshEvent> results = events.filter(e -> e.kind == MeshEvent.Kind.RESULT).name("results").uid("results");
    DataStream<MeshEvent> deadLetters = events.filter(e -> e.kind == MeshEvent.Kind.DLQ).name("dead-letters").uid("dead-letters");

    List<SingleOutputStreamOperator<AlertEvent>> alerts = new ArrayList<>();
    alerts.add(detect(nodes.filter(e -> e.kind != MeshEvent.Kind.HEARTBEAT).name("liveness-changes").uid("liveness-changes"), e -> e.nodeId,
        AlertPatterns.flapping(config.flappingWindow()), "flapping",
        m -> AlertEvent.of(AlertType.NODE_FLAPPING, AlertSeverity.WARNING, m.get("down").get(0).nodeId,
            "node went down, came back and went down again within " + config.flappingWindow(), 3, null,
            m.get("down").get(0).timestamp, m.get("down-again").get(0).timestamp)));
    alerts.add(detect(nodes.filter(e -> e.kind == MeshEvent.Kind.HEARTBEAT).name("heartbeats-for-overload").uid("heartbeats-for-overload"),
        e -> e.nodeId, AlertPatterns.overload(config.overloadRises(), config.overloadWindow()), "overload",
        m -> {
          List<MeshEvent> rising = m.get("rising");
          MeshEvent base = m.get("base").get(0);
          return AlertEvent.of(AlertType.OVERLOAD_BUILDUP, AlertSeverity.WARNING, base.nodeId, "queue depth rose on "
                  + rising.size() + " heartbeats in a row: " + base.queueDepth + " → "
                  + rising.get(rising.size() - 1).queueDepth, rising.size() + 1,
              (double) rising.get(rising.size() - 1).queueDepth, base.timestamp, AlertPatterns.last(rising));
        }));
    alerts.add(burst(results.filter(e -> e.nodeId != null).name("results-with-node").uid("results-with-node"), e -> e.nodeId,
        SimpleCondition.of(MeshEvent::failed), AlertType.FAILURE_BURST,
        "failures on node", config.failureCount(), config));
    alerts.add(burst(results.filter(e -> e.capabilityId != null).name("results-with-capability").uid("results-with-capability"),
        e -> e.capabilityId, SimpleCondition.of(MeshEvent::failed), AlertType.FAILURE_BURST,
        "failures of capability", config.failureCount(), config));
    alerts.add(detect(results, e -> "mesh", AlertPatterns.burst("no-route", SimpleCondition.of(MeshEvent::noRoute),
            config.noRouteCount(), config.noRouteWindow()), "no-route",
        m -> AlertEvent.of(AlertType.NO_ROUTE_STORM, AlertSeverity.WARNING, "mesh", m.get("no-route").size()
                + " intents had no route within " + config.noRouteWindow() + " — the mesh lacks a capability; last: "
                + m.get("no-route").get(m.get("no-route").size() - 1).reason, m.get("no-route").size(), null,
            AlertPatterns.first(m.get("no-route")), AlertPatterns.last(m.get("no-route")))));
    alerts.add(detect(deadLetters, e -> e.status, AlertPatterns.burst("dlq", SimpleCondition.of(e -> true),
            config.dlqCount(), config.dlqWindow()), "dlq",
        m -> AlertEvent.of(AlertType.DLQ_SPIKE, AlertSeverity.WARNING, m.get("dlq").get(0).status, m.get("dlq").size()
                + " dead letters within " + config.dlqWindow() + "; last: " + m.get("dlq").get(m.get("dlq").size() - 1)
                .reason, m.get("dlq").size(), null, AlertPatterns.first(m.get("dlq")), AlertPatterns.last(m.get("dlq")))));
    alerts.add(detect(deadLetters.filter(MeshEvent::signatureRejection).name("signature-rejections").uid("signature-rejections"),
        e -> "signatures", AlertPatterns.burst("rejected", SimpleCondition.of(e -> true), config.dlqCount(),
            config.dlqWindow()), "signature",
        m -> AlertEvent.of(AlertType.SIGNATURE_SPIKE, AlertSeverity.CRITICAL, "signatures", m.get("rejected").size()
                + " announcements failed verification within " + config.dlqWindow() + "; last: "
                + m.get("rejected").get(m.get("rejected").size() - 1).reason, m.get("rejected").size(), null,
            AlertPatterns.first(m.get("rejected")), AlertPatterns.last(m.get("rejected")))));
    SingleOutputStreamOperator<AlertEvent> slo = results.filter(e -> "SUCCEEDED".equals(e.status)).name("succeeded").uid("succeeded")
        .keyBy(e -> "mesh").window(TumblingEventTimeWindows.of(config.sloWindow()))
        .process(new SloWindow(config.sloP99Ms(), config.sloMinSamples())).name("slo-p99").uid("slo-p99");

    SingleOutputStreamOperator<AlertEvent> migrations = events.filter(e -> e.kind == MeshEvent.Kind.MIGRATION_FAILED)
        .name("failed-migrations").uid("failed-migrations")
        .map(MonitoringTopology::migrationFailed).name("migration-failed").uid("migration-failed");

    DataStream<AlertEvent> all = slo.union(migrations);
    DataStream<String> timedOut = null;
    for (SingleOutputStreamOperator<AlertEvent> a : alerts) {
      all = all.union(a);
      DataStream<String> t = a.getSideOutput(TIMED_OUT);
      timedOut = timedOut == null ? t : timedOut.union(t);
    }
    return new Streams(all, timedOut);
  }

  /** One failed migration, one alert: the intent waiting for it has already failed, someone should look. */
  static AlertEvent migrationFailed(MeshEvent e) {
    return AlertEvent.of(AlertType.MIGRATION_FAILED, AlertSeverity.WARNING, e.nodeId, "migration " + e.status + " of "
        + e.capabilityId + " to " + e.nodeId + " failed: " + e.reason, 1, null, e.timestamp, e.timestamp);
  }

  private static SingleOutputStreamOperator<AlertEvent> burst(DataStream<MeshEvent> results,
      org.apache.flink.api.java.functions.KeySelector<MeshEvent, String> key, SimpleCondition<MeshEvent> condition,
      AlertType type, String what, int count, MonitoringConfig config) {
    return detect(results, key, AlertPatterns.burst("failures", condition, count, config.failureWindow()),
        "burst-" + what.replace(' ', '-'),
        m -> {
          List<MeshEvent> f = m.get("failures");
          MeshEvent lastOne = f.get(f.size() - 1);
          String subject = what.endsWith("node") ? lastOne.nodeId : lastOne.capabilityId;
          return AlertEvent.of(type, AlertSeverity.CRITICAL, subject, f.size() + " " + what + " within "
              + config.failureWindow() + "; last: " + lastOne.reason, f.size(), null, AlertPatterns.first(f),
              AlertPatterns.last(f));
        });
  }

  private static SingleOutputStreamOperator<AlertEvent> detect(DataStream<MeshEvent> in,
      org.apache.flink.api.java.functions.KeySelector<MeshEvent, String> key, Pattern<MeshEvent, MeshEvent> pattern,
      String name, SerializableAlert toAlert) {
    return CEP.pattern(in.keyBy(key), pattern).inEventTime().process(new Matches(name, toAlert)).name(name).uid(name);
  }

  /** How a match becomes an alert (serializable: Flink ships it). */
  interface SerializableAlert extends Function<Map<String, List<MeshEvent>>, AlertEvent>, java.io.Serializable {}

  /** Full matches become alerts; timed-out partial matches are described on the side output. */
  static final class Matches extends PatternProcessFunction<MeshEvent, AlertEvent>
      implements TimedOutPartialMatchHandler<MeshEvent> {
    private final String name;
    private final SerializableAlert toAlert;

    Matches(String name, SerializableAlert toAlert) {
      this.name = name;
      this.toAlert = toAlert;
    }

    @Override
    public void processMatch(Map<String, List<MeshEvent>> match, Context ctx, Collector<AlertEvent> out) {
      out.collect(toAlert.apply(match));
    }

    @Override
    public void processTimedOutMatch(Map<String, List<MeshEvent>> match, Context ctx) {
      ctx.output(TIMED_OUT, name + " timed out after " + match.keySet() + ": " + match.values());
    }
  }

  /** p99 of intent-to-result latency per window, an alert when above target with enough samples. */
  static final class SloWindow extends ProcessWindowFunction<MeshEvent, AlertEvent, String, TimeWindow> {
    private final long targetMs;
    private final int minSamples;

    SloWindow(long targetMs, int minSamples) {
      this.targetMs = targetMs;
      this.minSamples = minSamples;
    }

    @Override
    public void process(String key, Context ctx, Iterable<MeshEvent> events, Collector<AlertEvent> out) {
      List<Long> latencies = new ArrayList<>();
      events.forEach(e -> latencies.add(e.latencyMs));
      if (latencies.size() < minSamples) {
        return;
      }
      latencies.sort(Long::compare);
      long p99 = latencies.get((int) Math.ceil(0.99 * latencies.size()) - 1);
      if (p99 > targetMs) {
        out.collect(AlertEvent.of(AlertType.SLO_BREACH, AlertSeverity.CRITICAL, key, "p99 intent-to-result latency "
            + p99 + " ms over " + latencies.size() + " results is above the " + targetMs + " ms target",
            latencies.size(), (double) p99, ctx.window().getStart(), ctx.window().getEnd()));
      }
    }
  }
}
