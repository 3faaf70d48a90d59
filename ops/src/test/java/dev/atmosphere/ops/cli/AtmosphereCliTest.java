package dev.atmosphere.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AtmosphereCliTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = AtmosphereCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void shouldTellTheUserToStartTheMeshWhenNoBrokerAnswers() {
    int code = run("capabilities", "--bootstrap", "127.0.0.1:1", "--registry", "http://127.0.0.1:1");

    assertThat(code).isEqualTo(AtmosphereCli.UNAVAILABLE);
    assertThat(err.toString()).contains("no broker at 127.0.0.1:1 — start it with ./atmosphere up");
  }

  @Test
  void shouldRejectAnUnknownIntentKindWithUsageExitCode() {
    int code = run("intent", "hello", "--kind", "dance", "--bootstrap", "127.0.0.1:1");

    assertThat(code).isEqualTo(AtmosphereCli.USAGE);
    assertThat(err.toString()).contains("--kind must be chat, embed, rag or vision, not 'dance'");
  }

  @Test
  void shouldNameTheKeyWhenTheRegistryUrlIsNotAUrl() {
    int code = run("nodes", "--registry", "localhost:8081");

    assertThat(code).isEqualTo(AtmosphereCli.USAGE);
    assertThat(err.toString()).contains("key 'registry.url' = 'localhost:8081' (from override)");
  }
}
