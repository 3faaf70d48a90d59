package dev.atmosphere.common.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A transfer token works for its migration, its node and its lifetime only, and cannot be forged or altered. */
class TransferTokenTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private final TransferToken tokens = TransferToken.random();

  @Test
  void shouldPermitOnlyTheMigrationAndNodeItWasIssuedForUntilItExpires() {
    String token = tokens.issue("mig-1", "node-b", NOW.plusSeconds(3600));

    assertThat(tokens.permits(token, "mig-1", "node-b", NOW)).isTrue();
    assertThat(tokens.permits(token, "mig-2", "node-b", NOW)).isFalse();
    assertThat(tokens.permits(token, "mig-1", "node-c", NOW)).isFalse();
    assertThat(tokens.permits(token, "mig-1", "node-b", NOW.plusSeconds(3601))).isFalse();
  }

  @Test
  void shouldRefuseForgedAlteredAndForeignTokens() {
    String token = tokens.issue("mig-1", "node-b", NOW.plusSeconds(3600));
    String longer = token.replaceFirst("\\.(\\d+)\\.", "." + NOW.plusSeconds(999_999).getEpochSecond() + ".");
    String foreign = TransferToken.random().issue("mig-1", "node-b", NOW.plusSeconds(3600));

    assertThat(tokens.permits(longer, "mig-1", "node-b", NOW)).isFalse();
    assertThat(tokens.permits(foreign, "mig-1", "node-b", NOW)).isFalse();
    assertThat(tokens.permits(null, "mig-1", "node-b", NOW)).isFalse();
    assertThat(tokens.permits("garbage", "mig-1", "node-b", NOW)).isFalse();
    assertThat(tokens.permits(token + "x", "mig-1", "node-b", NOW)).isFalse();
  }

  @Test
  void shouldCoverEveryByteExactlyOnceForAnyFileAndChunkSize() {
    Random random = new Random(7);
    for (int i = 0; i < 500; i++) {
      long size = random.nextInt(5) == 0 ? random.nextInt(3) : random.nextInt(10_000_000);
      int chunk = 1 + random.nextInt(2_000_000);
      ChunkPlan plan = new ChunkPlan(size, chunk);
      long next = 0;
      for (ChunkPlan.Chunk c : plan.chunks()) {
        assertThat(c.offset()).isEqualTo(next);
        assertThat(c.length()).isBetween(1, chunk);
        next += c.length();
      }
      assertThat(next).isEqualTo(size);
    }
  }
}
