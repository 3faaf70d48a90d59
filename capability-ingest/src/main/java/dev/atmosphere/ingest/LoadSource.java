package dev.atmosphere.ingest;

/**
 * Where the heartbeat reads this node's executor load. When the agent and executor share a process (the
 * launcher) this is the executor's live gauge; a stand-alone agent reports an idle executor of the configured size.
 */
public interface LoadSource {

  /**
   * Executor load at one instant.
   *
   * @param accepting false while the executor cannot take work (its consumer is being restarted)
   */
  record Load(int inFlight, int queueDepth, int maxConcurrent, int maxQueueDepth, boolean accepting) {
    public Load(int inFlight, int queueDepth, int maxConcurrent) {
      this(inFlight, queueDepth, maxConcurrent, 0, true);
    }

    public Load(int inFlight, int queueDepth, int maxConcurrent, int maxQueueDepth) {
      this(inFlight, queueDepth, maxConcurrent, maxQueueDepth, true);
    }

    public double utilisation() {
      return maxConcurrent == 0 ? 0 : Math.min(1.0, (double) inFlight / maxConcurrent);
    }
  }

  Load current();

  static LoadSource idle(int maxConcurrent) {
    return () -> new Load(0, 0, maxConcurrent);
  }
}
