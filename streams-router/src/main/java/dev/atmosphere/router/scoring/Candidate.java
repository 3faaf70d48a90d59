package dev.atmosphere.router.scoring;

import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.NodeStatus;
import java.util.List;

/**
 * One row of the gradient table as the scorer sees it: a capability, its node's latest heartbeat (null when
 * the node never reported), its facets in the router's embedding space ({@link Facets}, int8 codes) and, for large
 * tables, their sign sketch ({@link LargeTable}; null: none).
 */
public record Candidate(CapabilityAnnouncement capability, NodeStatus status, Facets facets, long[] sketch,
    int sketchAt) {

  /** A row without a sketch: scored exactly however large the table (see {@link LargeTable}). */
  public Candidate(CapabilityAnnouncement capability, NodeStatus status, List<float[]> vectors) {
    this(capability, status, Facets.of(vectors), null, 0);
  }

  /** A row as the router's gradient index keeps it: with the sign sketch of its facets, made once. */
  public static Candidate indexed(CapabilityAnnouncement capability, List<float[]> vectors) {
    return new Candidate(capability, null, Facets.of(vectors), LargeTable.sketch(vectors), 0);
  }

  /** The same row with its node's latest heartbeat. */
  public Candidate withStatus(NodeStatus latest) {
    return new Candidate(capability, latest, facets, sketch, sketchAt);
  }

  /** The same row without its sketch: scored exactly at any table size. */
  public Candidate withoutSketch() {
    return new Candidate(capability, status, facets, null, 0);
  }

  /** The facet vectors as floats (decoded from the codes). */
  public List<float[]> vectors() {
    return facets.vectors();
  }

  /**
   * The rows with their sketches copied into one array, one after another ({@link PackedRows}): a scan of a large
   * table then reads memory in order instead of one scattered array per row.
   */
  public static PackedRows packed(List<Candidate> rows) {
    return PackedRows.of(rows);
  }
}
