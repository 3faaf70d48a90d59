package dev.atmosphere.router.scoring;

import java.util.PriorityQueue;

/** The top {@code k} rows by a score, highest first, ties by row, without sorting the whole table (a heap of k). */
final class Ranking {

  private Ranking() {}

  /** The indices of the {@code k} highest scores, highest first. */
  static int[] topFirst(double[] score, int k) {
    PriorityQueue<Integer> heap = new PriorityQueue<>(k + 1, (a, b) -> before(score, b, a));
    for (int i = 0; i < score.length; i++) {
      if (heap.size() < k) {
        heap.add(i);
      } else if (before(score, i, heap.peek()) < 0) {
        heap.poll();
        heap.add(i);
      }
    }
    int[] out = new int[heap.size()];
    for (int n = out.length - 1; n >= 0; n--) {
      out[n] = heap.poll();
    }
    return out;
  }

  /** Negative when row {@code a} comes before row {@code b}: a higher score, or the same score and a lower index. */
  private static int before(double[] score, int a, int b) {
    int byScore = Double.compare(score[b], score[a]);
    return byScore != 0 ? byScore : Integer.compare(a, b);
  }
}
