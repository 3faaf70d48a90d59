package dev.atmosphere.monitoring;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a node's heartbeats into liveness changes: ALIVE on the first heartbeat after being dead (or unknown), DEAD
 * when event time passes the last heartbeat's {@code expiresAt} with no newer one. Heartbeats pass through too, so
 * the overload pattern sees them. Heartbeats are all a node sends; death is an absence, found by an event-time timer
 * — or, when the watermark lags, by the next heartbeat arriving after the last one expired: that death is emitted
 * just before the ALIVE, carrying the expiry time in its field (its stream time is when it was found).
 */
final class Liveness extends KeyedProcessFunction<String, MeshEvent, MeshEvent> {

  private transient ValueState<Long> expiry;
  private transient ValueState<Boolean> alive;

  @Override
  public void open(OpenContext context) {
    expiry = getRuntimeContext().getState(new ValueStateDescriptor<>("expiry", Long.class));
    alive = getRuntimeContext().getState(new ValueStateDescriptor<>("alive", Boolean.class));
  }

  @Override
  public void processElement(MeshEvent e, Context ctx, Collector<MeshEvent> out) throws Exception {
    out.collect(e);
    Long previous = expiry.value();
    if (Boolean.TRUE.equals(alive.value()) && previous != null && e.timestamp > previous) {
      alive.update(false);
      out.collect(MeshEvent.liveness(MeshEvent.Kind.DEAD, e.nodeId, previous));
    }
    if (!Boolean.TRUE.equals(alive.value())) {
      alive.update(true);
      out.collect(MeshEvent.liveness(MeshEvent.Kind.ALIVE, e.nodeId, e.timestamp));
    }
    Long current = expiry.value();
    if (current == null || e.expiresAt > current) {
      expiry.update(e.expiresAt);
      ctx.timerService().registerEventTimeTimer(e.expiresAt);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MeshEvent> out) throws Exception {
    Long current = expiry.value();
    if (Boolean.TRUE.equals(alive.value()) && current != null && timestamp >= current) {
      alive.update(false);
      out.collect(MeshEvent.liveness(MeshEvent.Kind.DEAD, ctx.getCurrentKey(), timestamp));
    }
  }
}
