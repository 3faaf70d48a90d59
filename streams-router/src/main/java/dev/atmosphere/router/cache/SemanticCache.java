package dev.atmosphere.router.cache;

import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.Vectors;
import dev.atmosphere.schemas.CacheEntry;
import dev.atmosphere.schemas.CacheMode;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.ChatMessage;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decisions of the mesh-wide semantic cache, free of Kafka so they can be tested and benchmarked alone: whether an
 * intent may use the cache, which stored answer (if any) it may reuse, and what to store after a success. A hit
 * needs the same context (kind, pins, constraints, parameters, earlier messages), cosine at least the threshold, an
 * unexpired entry whose capability still exists unchanged, and — with the guard on — agreement on numbers, names and
 * negation ({@link FalseHitGuard}). Below the threshold but at least the second stage's cosine, a stored question is
 * reused only when its words say the same ({@link WordContrast}).
 */
public final class SemanticCache {

  /** A reusable answer and how close its question was. */
  public record Hit(CacheEntry entry, double similarity) {}

  /**
   * What one lookup found: maybe a hit (the closest match), every entry that would have hit (what a refresh
   * replaces), entries seen to be stale (to evict) and guard rejections.
   */
  public record Lookup(Optional<Hit> hit, List<String> matches, List<String> stale, int guardRejections) {}

  private final Embedder embedder;
  private final CachePolicy policy;
  private final CacheIndex index;

  public SemanticCache(Embedder embedder, CachePolicy policy) {
    this(embedder, policy, new CacheIndex());
  }

  /** @param index the entries, decoded and grouped as they arrive (the router feeds it from the cache topic) */
  public SemanticCache(Embedder embedder, CachePolicy policy, CacheIndex index) {
    this.embedder = embedder;
    this.policy = policy;
    this.index = index;
  }

  /** The best reusable entry among the index's entries asked in this intent's context. */
  public Lookup lookup(Intent intent, Function<String, CapabilityAnnouncement> capability, Instant now) {
    float[] query = Vectors.normalize(embedder.embed(intent.getText())); // unit vectors: cosine is the dot product
    return decide(intent, index.near(contextKey(intent), query, policy.secondStage()), capability, now);
  }

  public CachePolicy policy() {
    return policy;
  }

  /** Chat and RAG answers without images may be cached; embeddings are cheap, dry runs and streams want a live run. */
  public boolean cacheable(Intent intent) {
    return policy.enabled() && !intent.getDryRun() && !intent.getStream() && intent.getCache() != CacheMode.BYPASS
        && (intent.getKind() == IntentKind.CHAT || intent.getKind() == IntentKind.RAG)
        && !intent.getNeedsTools() // an answer may be a call of the request's own tools
        && intent.getMessages().stream().allMatch(m -> m.getImages().isEmpty()); // the text alone is not the question
  }

  /** May this intent be answered from the cache (REFRESH runs it and replaces the entry)? */
  public boolean readable(Intent intent) {
    return cacheable(intent) && intent.getCache() != CacheMode.REFRESH;
  }

  /**
   * The best reusable entry for {@code intent} among {@code entries}, compared one by one (what the index spares a
   * lookup in a large cache). {@code capability} resolves node|capability keys to the current announcement (null when
   * withdrawn or expired out of the table).
   */
  public Lookup lookup(Intent intent, Iterable<CacheEntry> entries,
      Function<String, CapabilityAnnouncement> capability, Instant now) {
    String context = contextKey(intent);
    float[] query = Vectors.normalize(embedder.embed(intent.getText()));
    List<SimilarityIndex.Near<CacheIndex.Item>> near = new ArrayList<>();
    for (CacheEntry e : entries) {
      if (e.getContextKey().equals(context)) {
        float[] vector = CacheIndex.unit(e.getEmbedding());
        double similarity = Vectors.dot(query, vector);
        if (similarity >= policy.secondStage()) {
          near.add(new SimilarityIndex.Near<>(new CacheIndex.Item(e, vector), similarity));
        }
      }
    }
    return decide(intent, near, capability, now);
  }

  /**
   * The best reusable entry among the close ones: staleness, privacy, the guard and the second stage are checked only
   * for them.
   */
  private Lookup decide(Intent intent, List<SimilarityIndex.Near<CacheIndex.Item>> near,
      Function<String, CapabilityAnnouncement> capability, Instant now) {
    Hit best = null;
    List<String> matches = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    int rejections = 0;
    for (SimilarityIndex.Near<CacheIndex.Item> n : near) {
      CacheEntry e = n.value().entry();
      double similarity = n.similarity();
      if (e.getKind() != intent.getKind()) {
        continue;
      }
      if (stale(e, capability, now)) {
        stale.add(e.getIntentId());
        continue;
      }
      if (!servableTo(intent, e, capability)) {
        continue; // a private capability's answer stays with its own node, like the capability itself
      }
      boolean secondStage = similarity < policy.similarity();
      if (policy.guard() && FalseHitGuard.disagreement(intent.getText(), e.getText()) != null
          || (secondStage || policy.guard() && WordContrast.available())
              && WordContrast.between(intent.getText(), e.getText()) != null) {
        rejections++;
        continue;
      }
      matches.add(e.getIntentId());
      if (best == null || similarity > best.similarity()) {
        best = new Hit(e, similarity);
      }
    }
    return new Lookup(Optional.ofNullable(best), matches, stale, rejections);
  }

  /** Whether the answer may go to this intent's origin: a local-only capability serves its own node only. */
  static boolean servableTo(Intent intent, CacheEntry e, Function<String, CapabilityAnnouncement> capability) {
    CapabilityAnnouncement cap = capability.apply(e.getNodeId() + "|" + e.getCapabilityId());
    return cap != null && (!cap.getConstraints().getLocalOnly() || e.getNodeId().equals(intent.getOriginNodeId()));
  }

  /**
   * The keys a sweep evicts: every stale entry, then the oldest beyond {@link CachePolicy#maxEntries}. Read from the
   * index, which holds every entry decoded (decoding the whole store on the stream thread stalled it per sweep).
   */
  public List<String> evictions(Function<String, CapabilityAnnouncement> capability, Instant now) {
    List<String> out = new ArrayList<>();
    List<Map.Entry<String, CacheEntry>> kept = new ArrayList<>();
    index.entries().forEach((key, e) -> {
      if (stale(e, capability, now)) {
        out.add(key);
      } else {
        kept.add(Map.entry(key, e));
      }
    });
    if (kept.size() > policy.maxEntries()) {
      kept.sort(java.util.Comparator.comparing((Map.Entry<String, CacheEntry> e) -> e.getValue().getStoredAt())
          .thenComparing(Map.Entry::getKey));
      kept.subList(0, kept.size() - policy.maxEntries()).forEach(e -> out.add(e.getKey()));
    }
    return out;
  }

  /** Expired, or the capability that answered is gone or has changed since. */
  public boolean stale(CacheEntry e, Function<String, CapabilityAnnouncement> capability, Instant now) {
    if (!e.getExpiresAt().isAfter(now)) {
      return true;
    }
    CapabilityAnnouncement cap = capability.apply(e.getNodeId() + "|" + e.getCapabilityId());
    return cap == null || cap.getWithdrawn() || fingerprint(cap) != e.getCapabilityFingerprint();
  }

  /** The entry to store for a successful answer. */
  public CacheEntry entry(Intent intent, WorkResult result, CapabilityAnnouncement cap, Instant now) {
    List<Float> vector = new ArrayList<>();
    for (float f : embedder.embed(intent.getText())) {
      vector.add(f);
    }
    return CacheEntry.newBuilder().setIntentId(intent.getIntentId()).setKind(intent.getKind())
        .setText(intent.getText()).setEmbedding(vector).setContextKey(contextKey(intent))
        .setOutput(result.getOutput()).setOutputJson(result.getOutputJson()).setNodeId(result.getNodeId())
        .setCapabilityId(result.getCapabilityId()).setCapabilityFingerprint(fingerprint(cap))
        .setPromptTokens(result.getPromptTokens()).setCompletionTokens(result.getCompletionTokens())
        .setStoredAt(now).setExpiresAt(now.plus(policy.ttl())).build();
  }

  /** The terminal result a hit answers with. */
  public static WorkResult answer(Intent intent, Hit hit, Instant now) {
    CacheEntry e = hit.entry();
    double similarity = Math.min(1.0, hit.similarity()); // a float sum over an exact repeat can land a hair above 1
    return WorkResult.newBuilder().setIntentId(intent.getIntentId()).setStatus(WorkStatus.SUCCEEDED)
        .setOutput(e.getOutput()).setOutputJson(e.getOutputJson()).setNodeId(e.getNodeId())
        .setCapabilityId(e.getCapabilityId()).setAttempts(0).setPromptTokens(e.getPromptTokens())
        .setCompletionTokens(e.getCompletionTokens()).setCacheHit(true).setCacheSimilarity(similarity)
        .setCachedIntentId(e.getIntentId()).setPlanId(intent.getPlanId())
        .setTimings(Timings.newBuilder().setIntentCreatedAt(intent.getCreatedAt()).setRoutedAt(now)
            .setFinishedAt(now).build())
        .build();
  }

  /** Everything besides the request text that shapes an answer. */
  public static String contextKey(Intent intent) {
    StringBuilder b = new StringBuilder().append(intent.getKind()).append('\u0000')
        .append(intent.getPinnedCapabilityId()).append('\u0000').append(intent.getPinnedModel()).append('\u0000')
        .append(intent.getConstraints()).append('\u0000').append(intent.getParametersJson()).append('\u0000');
    List<ChatMessage> messages = intent.getMessages();
    for (int i = 0; i < messages.size() - 1; i++) { // the last message is the question itself
      b.append(messages.get(i).getRole()).append(':').append(messages.get(i).getContent()).append('\u0000');
    }
    if (intent.getConstraints().getLocalOnly()) {
      b.append(intent.getOriginNodeId()); // a local-only answer is its own node's alone
    }
    return sha256(b.toString());
  }

  /** The capability's content, not its sequence or signature (re-announcing unchanged keeps entries valid). */
  public static long fingerprint(CapabilityAnnouncement cap) {
    String content = cap.getType() + "\u0000" + cap.getDescription() + "\u0000" + cap.getModels() + "\u0000"
        + cap.getMetadata() + "\u0000" + cap.getEmbedding();
    return java.nio.ByteBuffer.wrap(HexFormat.of().parseHex(sha256(content).substring(0, 16))).getLong();
  }

  private static String sha256(String s) {
    return dev.atmosphere.schemas.sign.Sha256.hex(s.getBytes(StandardCharsets.UTF_8));
  }
}
