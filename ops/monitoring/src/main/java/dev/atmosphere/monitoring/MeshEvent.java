package dev.atmosphere.monitoring;

import java.util.Objects;

/**
 * One fact from the mesh's topics, flattened for Flink: a heartbeat, a terminal result, a dead letter, or a liveness
 * change derived from heartbeats. A mutable POJO (public fields, no-argument constructor) so Flink serialises it with
 * its POJO serializer rather than Kryo, and Avro types never travel between operators.
 */
public class MeshEvent {

  /** What the event is. */
  public enum Kind { HEARTBEAT, ALIVE, DEAD, RESULT, DLQ, MIGRATION_FAILED }

  public Kind kind;
  /** Event time, epoch ms. */
  public long timestamp;
  public String nodeId;
  public String capabilityId;
  /** Result status (SUCCEEDED, FAILED, NO_ROUTE, REJECTED), or the DLQ topic. */
  public String status;
  public int queueDepth;
  public long latencyMs;
  /** Heartbeat expiry, epoch ms. */
  public long expiresAt;
  /** Error or dead-letter reason. */
  public String reason;

  public MeshEvent() {}

  public static MeshEvent heartbeat(String nodeId, long at, long expiresAt, int queueDepth) {
    MeshEvent e = of(Kind.HEARTBEAT, at);
    e.nodeId = nodeId;
    e.expiresAt = expiresAt;
    e.queueDepth = queueDepth;
    return e;
  }

  public static MeshEvent liveness(Kind kind, String nodeId, long at) {
    MeshEvent e = of(kind, at);
    e.nodeId = nodeId;
    return e;
  }

  public static MeshEvent result(String nodeId, String capabilityId, String status, long at, long latencyMs,
      String reason) {
    MeshEvent e = of(Kind.RESULT, at);
    e.nodeId = nodeId;
    e.capabilityId = capabilityId;
    e.status = status;
    e.latencyMs = latencyMs;
    e.reason = reason;
    return e;
  }

  /** A model migration reported FAILED: status is its id, capabilityId the model, nodeId the target. */
  public static MeshEvent migrationFailed(String migrationId, String model, String targetNodeId, long at,
      String reason) {
    MeshEvent e = of(Kind.MIGRATION_FAILED, at);
    e.status = migrationId;
    e.capabilityId = model;
    e.nodeId = targetNodeId;
    e.reason = reason;
    return e;
  }

  public static MeshEvent deadLetter(String topic, long at, String reason) {
    MeshEvent e = of(Kind.DLQ, at);
    e.status = topic;
    e.reason = reason;
    return e;
  }

  private static MeshEvent of(Kind kind, long at) {
    MeshEvent e = new MeshEvent();
    e.kind = kind;
    e.timestamp = at;
    return e;
  }

  public boolean failed() {
    return kind == Kind.RESULT && "FAILED".equals(status);
  }

  public boolean noRoute() {
    return kind == Kind.RESULT && "NO_ROUTE".equals(status);
  }

  /** A dead letter of the router's announcement verifier: bad signature, key, sequence or trust. */
  public boolean signatureRejection() {
    return kind == Kind.DLQ && reason != null && reason.startsWith("dev.atmosphere.router.RejectedAnnouncement");
  }

  @Override
  public String toString() {
    return kind + "@" + timestamp + "[" + Objects.toString(nodeId, "") + " " + Objects.toString(capabilityId, "")
        + " " + Objects.toString(status, "") + " q=" + queueDepth + " " + latencyMs + "ms]";
  }
}
