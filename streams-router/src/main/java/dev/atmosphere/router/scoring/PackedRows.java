package dev.atmosphere.router.scoring;

import dev.atmosphere.schemas.NodeStatus;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.UnaryOperator;

/**
 * A gradient table's rows with every row's facet sketches in one array and where each row's begin in another: a scan
 * of 100,000 rows then reads two arrays in order instead of following each row to its own objects (about half of a
 * large table's scoring time went to that). What {@link Candidate#packed} returns and the router's gradient index
 * keeps. Shared by every stream thread, so not to be changed through the {@link java.util.List} interface; a row only
 * ever takes another heartbeat of its node ({@link #heartbeat}, published to readers with release/acquire).
 */
public final class PackedRows extends AbstractList<Candidate> implements RandomAccess {

  private static final VarHandle ROWS = MethodHandles.arrayElementVarHandle(Candidate[].class);
  private final Candidate[] rows;
  final long[] sketches;
  /** Row i's sketches are {@code sketches[from[i] .. from[i + 1])}; none (scored exactly) when the two are equal. */
  final int[] from;

  PackedRows(Candidate[] rows, long[] sketches, int[] from) {
    this.rows = rows;
    this.sketches = sketches;
    this.from = from;
  }

  /** The same rows, each passed through {@code status} (the node's latest heartbeat), sharing the sketches. */
  public PackedRows withStatuses(UnaryOperator<Candidate> status) {
    Candidate[] out = new Candidate[rows.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = same(i, status.apply(rows[i]));
    }
    return new PackedRows(out, sketches, from);
  }

  /** Whether row {@code i} has sketches (rows without are scored exactly). */
  boolean sketched(int i) {
    return from[i] < from[i + 1];
  }

  @Override
  public Candidate get(int index) {
    return (Candidate) ROWS.getAcquire(rows, index);
  }

  /** Row {@code row} with its node's newest heartbeat (null: the node is gone), seen by readers from now on. */
  public void heartbeat(int row, NodeStatus status) {
    ROWS.setRelease(rows, row, get(row).withStatus(status));
  }

  @Override
  public int size() {
    return rows.length;
  }

  private Candidate same(int i, Candidate row) {
    boolean kept = sketched(i) ? row.sketch() == sketches && row.sketchAt() == from[i] : row.sketch() == null;
    if (!kept || row.capability() != rows[i].capability()) {
      throw new IllegalArgumentException("a packed row can only be replaced by itself with another heartbeat");
    }
    return row;
  }

  static PackedRows of(List<Candidate> rows) {
    int words = 0;
    for (Candidate c : rows) {
      words += c.sketch() == null ? 0 : c.facets().count() * LargeTable.WORDS;
    }
    long[] block = new long[words];
    int[] from = new int[rows.size() + 1];
    Candidate[] out = new Candidate[rows.size()];
    int at = 0;
    for (int i = 0; i < out.length; i++) {
      Candidate c = rows.get(i);
      from[i] = at;
      int length = c.sketch() == null ? 0 : c.facets().count() * LargeTable.WORDS;
      if (length == 0) {
        out[i] = c.withoutSketch();
        continue;
      }
      System.arraycopy(c.sketch(), c.sketchAt(), block, at, length);
      out[i] = new Candidate(c.capability(), c.status(), c.facets(), block, at);
      at += length;
    }
    from[out.length] = at;
    return new PackedRows(out, block, from);
  }
}
