package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.client.MeshView;
import dev.atmosphere.schemas.Alert;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;
import java.time.Instant;
import java.util.Comparator;

/** The live view as the page reads it ({@code GET /v1/atmosphere/mesh}): plain fields, nothing secret. */
final class MeshViewJson {

  private MeshViewJson() {}

  static ObjectNode of(String self, MeshView v, Instant now) {
    ObjectNode out = OpenAiRequests.JSON.createObjectNode().put("node", self).put("at", now.toString());
    ArrayNode nodes = out.putArray("nodes");
    v.nodes().stream().sorted(Comparator.comparing(NodeStatus::getNodeId)).forEach(n -> {
      ObjectNode o = nodes.addObject().put("id", n.getNodeId()).put("alive", n.getExpiresAt().isAfter(now))
          .put("mode", n.getMode().name().toLowerCase(java.util.Locale.ROOT)).put("load", n.getLoad())
          .put("in_flight", n.getInFlight()).put("queued", n.getQueueDepth()).put("max", n.getMaxConcurrent())
          .put("last_seen_s", Math.max(0, now.getEpochSecond() - n.getReportedAt().getEpochSecond()));
      putIfKnown(o, "memory_free", n.getAvailableMemoryBytes());
      putIfKnown(o, "vram_free", n.getAvailableVramBytes());
      putIfKnown(o, "vram_total", n.getTotalVramBytes());
      if (n.getGpuUtilization() != null) {
        o.put("gpu", n.getGpuUtilization());
      }
    });
    ArrayNode caps = out.putArray("capabilities");
    v.capabilities().stream().sorted(Comparator.comparing(CapabilityAnnouncement::getCapabilityId)).forEach(c ->
        caps.addObject().put("id", c.getCapabilityId()).put("node", c.getNodeId())
            .put("type", c.getType().name().toLowerCase(java.util.Locale.ROOT)).put("description",
                c.getDescription().length() > 160 ? c.getDescription().substring(0, 157) + "…" : c.getDescription()));
    ArrayNode routes = out.putArray("routes");
    for (RouteDecision r : v.routes()) {
      ObjectNode o = routes.addObject().put("intent", r.getIntentId()).put("at", r.getDecidedAt().toString())
          .put("attempt", r.getAttempt()).put("node", r.getChosenNodeId()).put("capability", r.getChosenCapabilityId())
          .put("reason", r.getReason());
      if (r.getScore() != null) {
        o.put("score", r.getScore());
      }
      ArrayNode top = o.putArray("top");
      r.getCandidates().stream().filter(c -> c.getEligible()).limit(3).forEach(c -> top.addObject()
          .put("capability", c.getCapabilityId()).put("node", c.getNodeId()).put("score", c.getScore()));
    }
    ArrayNode results = out.putArray("results");
    for (WorkResult r : v.results()) {
      ObjectNode o = results.addObject().put("intent", r.getIntentId()).put("status", r.getStatus().name())
          .put("node", r.getNodeId()).put("capability", r.getCapabilityId()).put("cache", r.getCacheHit())
          .put("error", r.getError());
      if (r.getTimings().getFinishedAt() != null) {
        o.put("ms", r.getTimings().getFinishedAt().toEpochMilli() - r.getTimings().getIntentCreatedAt().toEpochMilli());
        o.put("finished", r.getTimings().getFinishedAt().toEpochMilli());
      }
    }
    ArrayNode alerts = out.putArray("alerts");
    for (Alert a : v.alerts()) {
      alerts.addObject().put("type", String.valueOf(a.getType())).put("subject", a.getSubject())
          .put("severity", String.valueOf(a.getSeverity())).put("message", a.getMessage())
          .put("at", a.getWindowEnd().toString());
    }
    return out;
  }

  private static void putIfKnown(ObjectNode o, String field, Long value) {
    if (value != null) {
      o.put(field, value);
    }
  }
}
