package dev.atmosphere.common.metrics;

import com.sun.net.httpserver.HttpServer;
import dev.atmosphere.common.config.CommonKeys;
import dev.atmosphere.common.config.Settings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The Prometheus endpoint of a deployable: {@code GET /metrics} in the text exposition format. Its {@link #registry()}
 * is handed to every component the process starts (routes, results, cache, DLQ, executor load, and the Kafka clients'
 * own metrics including consumer lag), so one process — the launcher's single JVM or one container — has one
 * endpoint, and nothing records into a global registry a test could not see or two stacks in one JVM would share.
 * Port 0 picks a free port ({@link #port()} says which).
 */
public final class MetricsServer implements AutoCloseable {

  private final PrometheusMeterRegistry registry;
  private final HttpServer server;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  private MetricsServer(PrometheusMeterRegistry registry, HttpServer server) {
    this.registry = registry;
    this.server = server;
  }

  public static MetricsServer start(String host, int port) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
      server.createContext("/metrics", ex -> {
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      });
      server.start();
      MetricsServer metrics = new MetricsServer(registry, server);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      metrics.gc.bindTo(registry);
      return metrics;
    } catch (IOException e) {
      registry.close();
      throw new UncheckedIOException("metrics.port " + port + ": cannot listen on " + host + " (" + e.getMessage()
          + ")", e);
    }
  }

  /** Starts on {@code metrics.host} (default 0.0.0.0) : {@code metrics.port} when that key is set. */
  public static Optional<MetricsServer> ifConfigured(Settings s) {
    Optional<Integer> port = s.optional(CommonKeys.METRICS_PORT);
    return port.map(p -> start(s.get(CommonKeys.METRICS_HOST, "0.0.0.0"), p));
  }

  /**
   * The registry a stand-alone deployable records into: the endpoint's when {@code metrics.port} is set (it serves
   * until the process exits), else one in memory that nobody scrapes.
   */
  public static MeterRegistry registryFor(Settings s) {
    return ifConfigured(s).<MeterRegistry>map(MetricsServer::registry).orElseGet(SimpleMeterRegistry::new);
  }

  /** Where the process's components record; what {@code GET /metrics} shows. */
  public MeterRegistry registry() {
    return registry;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    return "http://" + server.getAddress().getHostString() + ":" + port() + "/metrics";
  }

  @Override
  public void close() {
    server.stop(0);
    gc.close();
    registry.close();
  }
}
