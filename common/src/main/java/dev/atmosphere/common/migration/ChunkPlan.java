package dev.atmosphere.common.migration;

import java.util.ArrayList;
import java.util.List;

/** A file cut into fixed-size chunks: the byte ranges a transfer fetches (the last one may be shorter). */
public record ChunkPlan(long size, int chunkSize) {

  /** One chunk: index, first byte, length. */
  public record Chunk(int index, long offset, int length) {
    public long last() {
      return offset + length - 1;
    }
  }

  public ChunkPlan {
    if (size < 0 || chunkSize <= 0) {
      throw new IllegalArgumentException("size must be ≥ 0 and chunk size > 0, not " + size + " / " + chunkSize);
    }
  }

  public int count() {
    return (int) ((size + chunkSize - 1) / chunkSize);
  }

  public List<Chunk> chunks() {
    List<Chunk> out = new ArrayList<>(count());
    for (int i = 0; i < count(); i++) {
      long offset = (long) i * chunkSize;
      out.add(new Chunk(i, offset, (int) Math.min(chunkSize, size - offset)));
    }
    return out;
  }
}
