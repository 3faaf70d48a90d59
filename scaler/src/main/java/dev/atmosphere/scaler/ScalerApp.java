package dev.atmosphere.scaler;

import dev.atmosphere.common.config.ConfigFiles;
import java.util.concurrent.CountDownLatch;

/** Entry point of a stand-alone scaler. */
public final class ScalerApp {

  private ScalerApp() {}

  public static void main(String[] args) throws InterruptedException {
    dev.atmosphere.common.config.Settings settings = ConfigFiles.load(args);
    ScalerService service = new ScalerService(ScalerConfig.from(settings),
        dev.atmosphere.common.metrics.MetricsServer.registryFor(settings)).start(); // /metrics when configured
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      stopped.countDown();
    }, "scaler-shutdown"));
    stopped.await();
  }
}
