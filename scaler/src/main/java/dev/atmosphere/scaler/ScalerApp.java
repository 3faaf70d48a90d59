package dev.atmosphere.scaler;

import dev.atmosphere.common.config.ConfigFiles;
import java.util.concurrent.CountDownLatch;

/** Entry point of a stand-alone scaler. */
public final class ScalerApp {

  private ScalerApp() {}

  public static void main(String[] args) throws InterruptedException {
    ScalerService service = new ScalerService(ScalerConfig.from(ConfigFiles.load(args))).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      stopped.countDown();
    }, "scaler-shutdown"));
    stopped.await();
  }
}
