package dev.atmosphere.router.scoring;

import dev.atmosphere.common.embed.Vectors;
import java.util.ArrayList;
import java.util.List;

/**
 * A capability's facet vectors as routing keeps them: int8 codes (one signed byte per dimension, facet after facet in
 * one array) and a scale per facet — symmetric scalar quantization. A quarter of the memory of floats (100,000
 * capabilities of 6 facets: about 240 MB instead of 930) and one array per row instead of one per facet, so a scan
 * reads memory in order. The cost is precision: a facet's dot product with a unit intent is off by about 5e-4
 * (standard deviation; each code is within half a step of its float, a step being the largest component / 127),
 * which only reorders candidates whose similarities were that close. Every route, the evaluation and the benches
 * score through this, so they agree.
 */
public final class Facets {

  private static final float STEPS = 127f;
  private final byte[] codes;
  private final float[] scales;
  private final int dimension;

  private Facets(byte[] codes, float[] scales, int dimension) {
    this.codes = codes;
    this.scales = scales;
    this.dimension = dimension;
  }

  /**
   * The vectors quantized (all of one dimension; a facet of another dimension than the first is kept as zeros, which
   * nothing resembles). A facet with a non-finite number gets a NaN scale, so every similarity to it is NaN and the
   * scorer refuses the row as unusable.
   */
  public static Facets of(List<float[]> vectors) {
    int dimension = vectors.isEmpty() ? 0 : vectors.get(0).length;
    byte[] codes = new byte[vectors.size() * dimension];
    float[] scales = new float[vectors.size()];
    for (int f = 0; f < vectors.size(); f++) {
      float[] v = vectors.get(f);
      if (v.length != dimension) {
        continue;
      }
      float largest = 0;
      boolean finite = true;
      for (float x : v) {
        largest = Math.max(largest, Math.abs(x));
        finite &= Float.isFinite(x);
      }
      if (!finite) {
        scales[f] = Float.NaN;
        continue;
      }
      scales[f] = largest / STEPS;
      for (int i = 0; largest > 0 && i < dimension; i++) {
        codes[f * dimension + i] = (byte) Math.round(v[i] / scales[f]);
      }
    }
    return new Facets(codes, scales, dimension);
  }

  public int count() {
    return scales.length;
  }

  /** The dot product of a vector with facet {@code f} (0 when their dimensions differ). */
  double dot(float[] q, int f) {
    return q.length != dimension ? 0 : Vectors.codesDot(q, codes, f * dimension) * scales[f];
  }

  /** The facets as floats again (each component within half a step of what was announced). */
  public List<float[]> vectors() {
    List<float[]> out = new ArrayList<>(scales.length);
    for (int f = 0; f < scales.length; f++) {
      float[] v = new float[dimension];
      for (int i = 0; i < dimension; i++) {
        v[i] = codes[f * dimension + i] * scales[f];
      }
      out.add(v);
    }
    return out;
  }
}
