package dev.atmosphere.common.embed;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Vectors#fastDot} on the CPU's vector unit: HotSpot does not vectorise a float sum on its own (it would
 * change the order of the additions), so routing's hot loop ran as scalar code. Two accumulators of the widest
 * species the CPU has, fused multiply-adds. Loaded only when the JVM was started with {@code --add-modules
 * jdk.incubator.vector} ({@link Vectors#SIMD}); otherwise the scalar loop serves.
 */
final class SimdDot {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> WIDE = DoubleVector.SPECIES_PREFERRED;
  /** As many floats as {@link #WIDE} has doubles: their products widen into it lane for lane. */
  private static final VectorSpecies<Float> NARROW = VectorSpecies.of(float.class,
      VectorShape.forBitSize(WIDE.vectorBitSize() / 2));

  /** As many bytes as {@link #SPECIES} has floats (64 bits at least: otherwise {@link #CODES} is false). */
  private static final VectorSpecies<Byte> BYTES = SPECIES.length() >= 8
      ? VectorSpecies.of(byte.class, VectorShape.forBitSize(SPECIES.length() * 8)) : null;
  /** Whether {@link #codesDot} runs on the vector unit here. */
  static final boolean CODES = BYTES != null;

  private SimdDot() {}

  /** {@link Vectors#codesDot}: each lane's byte widened to a float, fused multiply-adds into two sums. */
  static double codesDot(float[] q, byte[] codes, int at) {
    int lanes = SPECIES.length();
    FloatVector s0 = FloatVector.zero(SPECIES);
    FloatVector s1 = FloatVector.zero(SPECIES);
    int i = 0;
    for (; i + 2 * lanes <= q.length; i += 2 * lanes) {
      s0 = widened(codes, at + i).fma(FloatVector.fromArray(SPECIES, q, i), s0);
      s1 = widened(codes, at + i + lanes).fma(FloatVector.fromArray(SPECIES, q, i + lanes), s1);
    }
    for (; i + lanes <= q.length; i += lanes) {
      s0 = widened(codes, at + i).fma(FloatVector.fromArray(SPECIES, q, i), s0);
    }
    float sum = s0.add(s1).reduceLanes(VectorOperators.ADD);
    for (; i < q.length; i++) {
      sum += q[i] * codes[at + i];
    }
    return sum;
  }

  private static FloatVector widened(byte[] codes, int at) {
    return (FloatVector) ByteVector.fromArray(BYTES, codes, at).convertShape(VectorOperators.B2F, SPECIES, 0);
  }

  static float dot(float[] a, float[] b) {
    int lanes = SPECIES.length();
    FloatVector s0 = FloatVector.zero(SPECIES);
    FloatVector s1 = FloatVector.zero(SPECIES);
    int i = 0;
    for (; i + 2 * lanes <= a.length; i += 2 * lanes) {
      s0 = FloatVector.fromArray(SPECIES, a, i).fma(FloatVector.fromArray(SPECIES, b, i), s0);
      s1 = FloatVector.fromArray(SPECIES, a, i + lanes).fma(FloatVector.fromArray(SPECIES, b, i + lanes), s1);
    }
    for (; i + lanes <= a.length; i += lanes) {
      s0 = FloatVector.fromArray(SPECIES, a, i).fma(FloatVector.fromArray(SPECIES, b, i), s0);
    }
    float sum = s0.add(s1).reduceLanes(VectorOperators.ADD);
    for (; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  /**
   * {@link Vectors#dot} on the vector unit: the same float products, summed in double (in another order — equal to
   * ~1e-16, as the scalar version's four sums are).
   */
  static double exactDot(float[] a, float[] b) {
    int lanes = NARROW.length();
    DoubleVector sum = DoubleVector.zero(WIDE);
    int i = 0;
    for (; i + lanes <= a.length; i += lanes) {
      FloatVector products = FloatVector.fromArray(NARROW, a, i).mul(FloatVector.fromArray(NARROW, b, i));
      sum = sum.add((DoubleVector) products.convertShape(VectorOperators.F2D, WIDE, 0));
    }
    double total = sum.reduceLanes(VectorOperators.ADD);
    for (; i < a.length; i++) {
      total += a[i] * b[i];
    }
    return total;
  }
}
