package dev.atmosphere.router.scoring;

import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.NodeStatus;

import java.util.List;

/**
 * One row of the gradient table as the scorer sees it: a capability, its node's latest heartbeat (null when
 * the node never reported), the vectors of its facets in the router's embedding space and, for large tables, their
 * sign sketch ({@link LargeTable}; null: none).
 */
public record Candidate(CapabilityAnnouncement capability, NodeStatus status, List<float[]> vectors, long[] sketch,
    int sketchAt) {

  /** A row without a sketch: scored exactly however large the table (see {@link LargeTable}). */
  public Candidate(CapabilityAnnouncement capability, NodeStatus status, List<float[]> vectors) {
    this(capability, status, vectors, null, 0);
  }

  /** A row as the router's gradient index keeps it: with the sign sketch of its facets, made once. */
  public static Candidate indexed(CapabilityAnnouncement capability, List<float[]> vectors) {
    return new Candidate(capability, null, vectors, LargeTable.sketch(vectors), 0);
  }

  /** The same row with its node's latest heartbeat. */
  public Candidate withStatus(NodeStatus latest) {
    return new Candidate(capability, latest, vectors, sketch, sketchAt);
  }

  /**
   * The rows with their sketches copied into one array, one after another: a scan of a large table then reads
   * memory in order instead of one scattered array per row (about twice as fast at 100,000 rows).
   */
  public static List<Candidate> packed(List<Candidate> rows) {
    int words = 0;
    for (Candidate c : rows) {
      words += c.sketch == null ? 0 : c.vectors.size() * LargeTable.WORDS;
    }
    long[] block = new long[words];
    List<Candidate> out = new java.util.ArrayList<>(rows.size());
    int at = 0;
    for (Candidate c : rows) {
      if (c.sketch == null) {
        out.add(c);
        continue;
      }
      int length = c.vectors.size() * LargeTable.WORDS;
      System.arraycopy(c.sketch, c.sketchAt, block, at, length);
      out.add(new Candidate(c.capability, c.status, c.vectors, block, at));
      at += length;
    }
    return List.copyOf(out);
  }
}
