package dev.atmosphere.common.embed;

/** Vector arithmetic for embeddings. */
public final class Vectors {

  /** Whether the JVM has the vector API ({@code --add-modules jdk.incubator.vector}): {@link #fastDot} then uses it. */
  public static final boolean SIMD = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  private Vectors() {}

  /**
   * Dot product; the cosine of two unit vectors. 0 when the lengths differ. Four double sums side by side (one sum
   * waits about four cycles for each addition): the same products as a single sum, added in another order — equal
   * to ~1e-16.
   */
  public static double dot(float[] a, float[] b) {
    if (a == null || b == null || a.length != b.length) {
      return 0;
    }
    return SIMD ? SimdDot.exactDot(a, b) : scalarDot(a, b);
  }

  /** {@link #dot} without the vector API. */
  static double scalarDot(float[] a, float[] b) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < a.length; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < a.length; i++) {
      s0 += a[i] * b[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * A dot product with eight independent float sums, which the CPU runs side by side (a single sum waits for each
   * addition): about 3× faster than {@link #dot}, to within float rounding (~1e-6 for unit vectors of 384). For
   * filtering many candidates; figures that are reported or compared exactly use {@link #dot}.
   */
  public static double fastDot(float[] a, float[] b) {
    if (a.length != b.length) {
      return 0;
    }
    return SIMD ? SimdDot.dot(a, b) : scalarFastDot(a, b);
  }

  /** {@link #fastDot} without the vector API (eight float sums side by side). */
  static double scalarFastDot(float[] a, float[] b) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    int i = 0;
    for (; i + 7 < a.length; i += 8) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
      s4 += a[i + 4] * b[i + 4];
      s5 += a[i + 5] * b[i + 5];
      s6 += a[i + 6] * b[i + 6];
      s7 += a[i + 7] * b[i + 7];
    }
    for (; i < a.length; i++) {
      s0 += a[i] * b[i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /**
   * The dot product of {@code q} with {@code q.length} signed byte codes from {@code codes[at]} (int8 scalar
   * quantization: the caller multiplies by the codes' scale). A quarter of a float vector's memory, read at the same
   * speed, so a large gradient table scans four times less memory. 0 when the codes are too short.
   */
  public static double codesDot(float[] q, byte[] codes, int at) {
    if (at < 0 || at + q.length > codes.length) {
      return 0;
    }
    return SIMD && SimdDot.CODES ? SimdDot.codesDot(q, codes, at) : scalarCodesDot(q, codes, at);
  }

  /** {@link #codesDot} without the vector API. */
  static double scalarCodesDot(float[] q, byte[] codes, int at) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (; i + 3 < q.length; i += 4) {
      s0 += q[i] * codes[at + i];
      s1 += q[i + 1] * codes[at + i + 1];
      s2 += q[i + 2] * codes[at + i + 2];
      s3 += q[i + 3] * codes[at + i + 3];
    }
    for (; i < q.length; i++) {
      s0 += q[i] * codes[at + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** A vector as it travels in Avro records (a list of floats) as an array. */
  public static float[] of(java.util.List<Float> values) {
    float[] v = new float[values.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = values.get(i);
    }
    return v;
  }

  /** A unit-length copy of {@code v} (v itself when it is zero). */
  public static float[] normalize(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    if (norm == 0) {
      return v;
    }
    float[] out = new float[v.length];
    double scale = 1 / Math.sqrt(norm);
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] * scale);
    }
    return out;
  }

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
