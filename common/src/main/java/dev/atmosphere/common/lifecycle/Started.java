package dev.atmosphere.common.lifecycle;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a launcher started, closed in reverse order of starting: a service that fails to stop is logged and the rest
 * still stop (a broker must not stay up because the gateway in front of it threw on close).
 */
public final class Started implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Started.class);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();

  public <T extends AutoCloseable> T push(T service) {
    started.push(service);
    return service;
  }

  @Override
  public synchronized void close() {
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("stopping {} failed: {}", c.getClass().getSimpleName(), e.getMessage());
      }
    }
  }
}
