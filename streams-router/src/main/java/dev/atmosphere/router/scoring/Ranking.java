package dev.atmosphere.router.scoring;

/** The top {@code k} rows by a score, highest first, ties by row, without sorting the whole table (a heap of k). */
final class Ranking {

  private Ranking() {}

  /** The indices of the {@code k} highest scores, highest first. */
  static int[] topFirst(double[] score, int k) {
    return topFirst(score, score.length, k);
  }

  /**
   * The indices of the {@code k} highest of the first {@code rows} scores, highest first: a heap of row numbers in an
   * {@code int[]} whose root is the worst kept row, so most rows cost one comparison with it (no boxing).
   */
  static int[] topFirst(double[] score, int rows, int k) {
    int[] heap = new int[Math.min(k, rows)];
    int size = 0;
    for (int i = 0; i < rows; i++) {
      if (size < heap.length) {
        heap[size] = i;
        up(score, heap, size++);
      } else if (heap.length > 0 && before(score, i, heap[0]) < 0) {
        heap[0] = i;
        down(score, heap, size);
      }
    }
    int[] out = new int[size];
    for (int n = size - 1; n >= 0; n--) { // the worst kept row leaves first
      out[n] = heap[0];
      heap[0] = heap[--size];
      down(score, heap, size);
    }
    return out;
  }

  /** Moves the row at {@code at} towards the root while it comes after its parent (the root: the worst row). */
  private static void up(double[] score, int[] heap, int at) {
    while (at > 0) {
      int parent = (at - 1) / 2;
      if (before(score, heap[parent], heap[at]) >= 0) {
        return;
      }
      swap(heap, at, parent);
      at = parent;
    }
  }

  private static void down(double[] score, int[] heap, int size) {
    int at = 0;
    while (true) {
      int worst = at;
      for (int child = 2 * at + 1; child <= 2 * at + 2 && child < size; child++) {
        if (before(score, heap[worst], heap[child]) < 0) {
          worst = child;
        }
      }
      if (worst == at) {
        return;
      }
      swap(heap, at, worst);
      at = worst;
    }
  }

  private static void swap(int[] heap, int a, int b) {
    int t = heap[a];
    heap[a] = heap[b];
    heap[b] = t;
  }

  /** Negative when row {@code a} comes before row {@code b}: a higher score, or the same score and a lower index. */
  private static int before(double[] score, int a, int b) {
    int byScore = Double.compare(score[b], score[a]);
    return byScore != 0 ? byScore : Integer.compare(a, b);
  }
}
