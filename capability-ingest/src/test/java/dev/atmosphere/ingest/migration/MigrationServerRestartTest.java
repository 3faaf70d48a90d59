package dev.atmosphere.ingest.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.common.migration.MigrationSettings;
import dev.atmosphere.schemas.MigrationEvent;
import dev.atmosphere.schemas.MigrationPhase;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A serving node that restarts mid-transfer still serves what it offered — to the node it offered it to, with the
 * token it issued — so the target resumes instead of failing; an offer past its token's life is not served.
 */
class MigrationServerRestartTest {

  private static final String DIGEST = "sha256:" + "a".repeat(64);

  @TempDir Path dir;

  private MigrationServer server(Clock clock) {
    MigrationSettings settings = MigrationSettings.from(Settings.of(Map.of("migration.serve", "true",
        "ollama.models.dir", dir.resolve("models").toString())), Map.of(), dir.resolve("data"));
    return new MigrationServer("gpu-box", new KafkaConnection("127.0.0.1:1", "http://127.0.0.1:1", Map.of()),
        Topics.defaults(), settings, () -> "http://gpu-box:11451", clock);
  }

  @Test
  void shouldServeWhatItOfferedAfterARestartAndNothingOnceTheOfferExpired() throws Exception {
    Path manifest = dir.resolve("models/manifests/registry.ollama.ai/library/tiny/latest");
    Files.createDirectories(manifest.getParent());
    Files.writeString(manifest, "{\"schemaVersion\":2,\"layers\":[{\"mediaType\":"
        + "\"application/vnd.ollama.image.model\",\"digest\":\"" + DIGEST + "\",\"size\":5}]}");
    Files.createDirectories(dir.resolve("models/blobs"));
    Files.write(dir.resolve("models/blobs/" + DIGEST.replace(':', '-')), "bytes".getBytes(StandardCharsets.UTF_8));
    Instant t0 = Instant.parse("2026-11-27T10:00:00Z");

    MigrationEvent offer;
    try (MigrationServer before = server(Clock.fixed(t0, ZoneOffset.UTC))) {
      offer = before.answer(MigrationEvent.newBuilder().setMigrationId("m-1").setPhase(MigrationPhase.REQUESTED)
          .setModel("tiny:latest").setSourceNodeId("gpu-box").setTargetNodeId("laptop").setBytesDone(0)
          .setBytesTotal(0).setAt(t0).build());
    }
    assertThat(offer.getPhase()).isEqualTo(MigrationPhase.OFFERED);

    try (MigrationServer after = server(Clock.fixed(t0.plusSeconds(600), ZoneOffset.UTC))) {
      assertThat(after.blob("m-1", DIGEST, offer.getToken(), "laptop")).as("restarted: still served").isPresent();
      assertThat(after.blob("m-1", DIGEST, offer.getToken(), "mallory")).as("only to the node it was offered to")
          .isEmpty();
    }
    try (MigrationServer later = server(Clock.fixed(t0.plusSeconds(3700), ZoneOffset.UTC))) {
      assertThat(later.blob("m-1", DIGEST, offer.getToken(), "laptop")).as("past the token's life").isEmpty();
    }
  }
}
