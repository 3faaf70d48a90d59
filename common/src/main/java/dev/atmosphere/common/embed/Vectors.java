package dev.atmosphere.common.embed;

/** Vector arithmetic for embeddings. */
public final class Vectors {

  private Vectors() {}

  /** Cosine similarity; 0 when either vector is zero or the lengths differ. */
  public static double cosine(float[] a, float[] b) {
    if (a == null || b == null || a.length != b.length || a.length == 0) {
      return 0;
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    if (na == 0 || nb == 0) {
      return 0;
    }
    return dot / Math.sqrt(na * nb);
  }
}
