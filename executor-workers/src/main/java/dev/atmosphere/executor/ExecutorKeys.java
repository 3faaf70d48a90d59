package dev.atmosphere.executor;

import static dev.atmosphere.common.config.Key.computed;
import static dev.atmosphere.common.config.Key.duration;
import static dev.atmosphere.common.config.Key.flag;

import dev.atmosphere.common.config.Key;
import java.time.Duration;

/** The keys of a node's executor (its concurrency and backends are common keys: {@code node.*}, backend URLs). */
public final class ExecutorKeys {

  public static final Key<Duration> REQUEST_TIMEOUT = duration("executor.request.timeout", Duration.ofSeconds(120),
      "Longest a backend may take for a whole answer.");
  public static final Key<Duration> STREAM_IDLE_TIMEOUT = duration("executor.stream.idle.timeout",
      Duration.ofSeconds(120), "Longest silence inside a streamed answer.");
  public static final Key<Duration> POLL_TIMEOUT = duration("executor.poll.timeout", Duration.ofMillis(200),
      "Longest wait of one poll of the node's work topic.");
  public static final Key<String> FEDERATED_DIR = computed("executor.federated.dir", "<data.dir>/federated/<node>",
      "This node's federated releases (what it answered, so a repeat is not a second release).");
  public static final Key<Boolean> STREAM_CONTINUE = flag("executor.stream.continue", true,
      "A later attempt of a streamed intent continues the text an earlier one streamed instead of starting again.");

  private ExecutorKeys() {}
}
