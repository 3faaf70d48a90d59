package dev.atmosphere.monitoring;

import dev.atmosphere.common.config.Settings;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring job on a local Flink MiniCluster inside this JVM — how {@code ./atmosphere up} runs it; on a real
 * deployment the same job runs on a Flink cluster from its jar ({@link MonitoringJob#main}). Closing cancels the job.
 */
public final class MonitoringService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MonitoringService.class);

  private final JobClient job;

  private MonitoringService(JobClient job) {
    this.job = job;
  }

  public static MonitoringService start(Settings settings) {
    Configuration flink = new Configuration();
    flink.setString("taskmanager.memory.network.max", "64m");
    settings.optional(MonitoringKeys.CHECKPOINT_DIR).ifPresent(dir -> checkpoints(flink, java.nio.file.Path.of(dir)));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, flink);
    try {
      JobClient job = MonitoringJob.start(env, settings);
      log.info("monitoring job {} running on a local Flink MiniCluster", job.getJobID());
      return new MonitoringService(job);
    } catch (Exception e) {
      throw new IllegalStateException("could not start the monitoring job: " + e.getMessage(), e);
    }
  }

  /**
   * Checkpoints kept on disk when the job is cancelled (as {@code ./atmosphere up} stops), and the newest of them
   * restored at the next start: partial matches, windows and source offsets carry over a restart.
   */
  private static void checkpoints(Configuration flink, java.nio.file.Path dir) {
    flink.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    flink.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
    flink.set(org.apache.flink.configuration.CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        org.apache.flink.configuration.ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    latestCheckpoint(dir).ifPresent(chk -> {
      log.info("monitoring job restores from {}", chk);
      flink.set(org.apache.flink.configuration.StateRecoveryOptions.SAVEPOINT_PATH, chk.toUri().toString());
    });
  }

  /** The newest completed checkpoint under {@code dir} ({@code <job>/chk-<n>/_metadata}), if any. */
  static java.util.Optional<java.nio.file.Path> latestCheckpoint(java.nio.file.Path dir) {
    if (!java.nio.file.Files.isDirectory(dir)) {
      return java.util.Optional.empty();
    }
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.find(dir, 3,
        (p, a) -> p.getFileName().toString().equals("_metadata") && p.getParent().getFileName().toString()
            .startsWith("chk-"))) {
      return files.max(java.util.Comparator.comparing(p -> p.toFile().lastModified())).map(p -> p.getParent());
    } catch (java.io.IOException e) {
      log.warn("cannot look for monitoring checkpoints in {}: {}", dir, e.getMessage());
      return java.util.Optional.empty();
    }
  }

  public String jobId() {
    return job.getJobID().toString();
  }

  @Override
  public void close() {
    try {
      job.cancel().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("monitoring job did not cancel cleanly: {}", e.toString());
    }
  }
}
