package dev.atmosphere.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atmosphere.schemas.serde.RegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class PatientDecoderTest {

  /** Fails with a registry outage {@code outages} times, then decodes the bytes as text. */
  private static Deserializer<String> registryBackAfter(int outages, AtomicInteger calls) {
    return (topic, data) -> {
      if (calls.incrementAndGet() <= outages) {
        throw new SerializationException("could not read", new RegistryUnavailableException("registry unreachable",
            null));
      }
      return new String(data, StandardCharsets.UTF_8);
    };
  }

  @Test
  void shouldWaitOutARegistryOutageAndDecodeTheRecordItHolds() {
    AtomicInteger calls = new AtomicInteger();

    String value = PatientDecoder.decode(registryBackAfter(2, calls), "t", "answer".getBytes(StandardCharsets.UTF_8),
        () -> true);

    assertThat(value).isEqualTo("answer");
    assertThat(calls).hasValue(3);
  }

  @Test
  void shouldGiveUpWithTheRegistryFaultWhenTheReaderNoLongerWaits() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(() -> PatientDecoder.decode(registryBackAfter(100, calls), "t", new byte[1], () -> false))
        .satisfies(e -> assertThat(RegistryUnavailableException.causedBy(e)).isTrue());
    assertThat(calls).hasValue(1);
  }

  @Test
  void shouldFailAtOnceOnARecordThatIsMalformed() {
    AtomicInteger calls = new AtomicInteger();
    Deserializer<String> poison = (topic, data) -> {
      calls.incrementAndGet();
      throw new SerializationException("unknown magic byte");
    };

    assertThatThrownBy(() -> PatientDecoder.decode(poison, "t", new byte[1], () -> true))
        .hasMessage("unknown magic byte");
    assertThat(calls).hasValue(1);
  }
}
