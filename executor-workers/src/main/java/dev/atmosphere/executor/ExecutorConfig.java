package dev.atmosphere.executor;

import dev.atmosphere.common.config.BackendUrls;
import dev.atmosphere.common.config.CommonKeys;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.config.TopicsConfig;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.schemas.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration of a node's executor, validated at start. {@code node.id} must match the node agent's: it names
 * the work topic consumed. Honours {@code LLAMAFARM_URL} and {@code OLLAMA_HOST} like the agent. Timeouts:
 * {@code executor.request.timeout} (a whole backend answer, 120 s), {@code executor.stream.idle.timeout} (longest
 * silence inside a streamed answer, 120 s), {@code executor.poll.timeout}; {@code executor.federated.dir} keeps this
 * node's federated releases (default {@code <data.dir>/federated/<node>}); {@code executor.stream.continue} (true): a
 * later attempt of a streamed intent continues the text an earlier one streamed instead of starting again.
 */
public record ExecutorConfig(
    KafkaConnection connection,
    Topics topics,
    String nodeId,
    Optional<String> llamafarmUrl,
    String ollamaHost,
    int maxConcurrent,
    int maxQueueDepth,
    Duration requestTimeout,
    Duration pollTimeout,
    Duration streamIdleTimeout,
    java.nio.file.Path federatedDir,
    boolean continueStreams) {

  public static ExecutorConfig from(Settings s, Map<String, String> env) {
    KafkaConnection connection = KafkaConnection.from(s);
    Topics topics = TopicsConfig.from(s);
    String nodeId = s.get(CommonKeys.NODE_ID);
    if (nodeId == null || !dev.atmosphere.schemas.topics.NodeIds.PATTERN.matcher(nodeId).matches()) {
      s.reject(CommonKeys.NODE_ID.name(), "is required: 1-100 characters of A-Z a-z 0-9 . _ - (the node agent's id)");
    }
    ExecutorConfig config = new ExecutorConfig(
        connection,
        topics,
        nodeId,
        BackendUrls.llamafarm(s, env),
        BackendUrls.ollama(s, env),
        s.get(CommonKeys.MAX_CONCURRENT),
        s.get(CommonKeys.MAX_QUEUE_DEPTH),
        s.get(ExecutorKeys.REQUEST_TIMEOUT),
        s.get(ExecutorKeys.POLL_TIMEOUT),
        s.get(ExecutorKeys.STREAM_IDLE_TIMEOUT),
        java.nio.file.Path.of(s.get(ExecutorKeys.FEDERATED_DIR,
            java.nio.file.Path.of(s.get(CommonKeys.DATA_DIR, ".atmosphere"), "federated", nodeId == null ? "node"
                : nodeId).toString())),
        s.get(ExecutorKeys.STREAM_CONTINUE));
    s.validate();
    return config;
  }
}
