package dev.atmosphere.common.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * MiniLM's session driven directly. langchain4j tokenises each text three times (to count, to split, to encode);
 * here each text is tokenised once, to the tokenizer's own window (128 tokens for this model, as langchain4j), and
 * the mean is taken over the text's own tokens. Texts run alone by default: the model is dynamically quantised,
 * which scales each run's activations as a whole, so a text run in a batch of 32 gets a vector up to 2.3 % (cosine)
 * away from its own — a text must have one vector however it was asked for (the router compares them, the cache
 * keys on them, a client's index mixes them). {@code rowsPerRun} above 1 exists to measure that trade in the bench.
 */
final class SentenceEncoder {

  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final boolean typeIds;
  private final Encoding nothing;

  /** {@code nothing}: the text embedded instead of one the model reads nothing in (only [CLS] and [SEP] left). */
  SentenceEncoder(OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer, String nothing) {
    this.env = env;
    this.session = session;
    this.tokenizer = tokenizer;
    this.typeIds = session.getInputNames().contains("token_type_ids");
    this.nothing = tokenizer.encode(nothing);
  }

  /** Tokens of the text the model reads, without the two markers the tokenizer adds. */
  int tokens(String text) {
    return Math.max(0, tokenizer.encode(text).getIds().length - 2);
  }

  /** Unit vectors in the order of {@code texts}; rows of similar length share a padded run when rowsPerRun > 1. */
  float[][] encode(List<String> texts, int rowsPerRun) {
    Encoding[] encodings = new Encoding[texts.size()];
    for (int i = 0; i < encodings.length; i++) {
      Encoding e = tokenizer.encode(texts.get(i));
      encodings[i] = e.getIds().length <= 2 ? nothing : e;
    }
    List<Integer> order = new ArrayList<>(IntStream.range(0, encodings.length).boxed().toList());
    order.sort(Comparator.comparingInt(i -> encodings[i].getIds().length));
    float[][] out = new float[texts.size()][];
    for (int from = 0; from < order.size(); from += rowsPerRun) {
      List<Integer> rows = order.subList(from, Math.min(order.size(), from + rowsPerRun));
      float[][] vectors = run(rows.stream().map(i -> encodings[i]).toList());
      for (int r = 0; r < rows.size(); r++) {
        out[rows.get(r)] = vectors[r];
      }
    }
    return out;
  }

  private float[][] run(List<Encoding> rows) {
    int width = rows.stream().mapToInt(e -> e.getIds().length).max().orElse(0);
    long[] ids = new long[rows.size() * width];
    long[] mask = new long[ids.length];
    long[] types = new long[ids.length];
    for (int r = 0; r < rows.size(); r++) {
      Encoding e = rows.get(r);
      System.arraycopy(e.getIds(), 0, ids, r * width, e.getIds().length);
      System.arraycopy(e.getAttentionMask(), 0, mask, r * width, e.getAttentionMask().length);
      System.arraycopy(e.getTypeIds(), 0, types, r * width, e.getTypeIds().length);
    }
    long[] shape = {rows.size(), width};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
      inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
      if (typeIds) {
        inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        float[][][] hidden = (float[][][]) result.get(0).getValue();
        float[][] out = new float[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
          out[r] = meanOfTokens(hidden[r], rows.get(r).getAttentionMask());
        }
        return out;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("MiniLM run of " + rows.size() + " failed: " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  private static float[] meanOfTokens(float[][] tokens, long[] mask) {
    float[] sum = new float[tokens[0].length];
    int n = 0;
    for (int t = 0; t < mask.length; t++) {
      if (mask[t] != 0) {
        n++;
        for (int d = 0; d < sum.length; d++) {
          sum[d] += tokens[t][d];
        }
      }
    }
    for (int d = 0; d < sum.length; d++) {
      sum[d] /= Math.max(1, n);
    }
    return unit(sum);
  }

  /**
   * Unit length in float arithmetic, exactly as langchain4j scales its vectors: the vectors stay bit for bit what
   * they were (an exact repeat still scores 1.0 against its cache entry, figures measured before still hold).
   */
  private static float[] unit(float[] v) {
    float squares = 0;
    for (float x : v) {
      squares += x * x;
    }
    float norm = (float) Math.sqrt(squares);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] / norm;
    }
    return out;
  }
}
