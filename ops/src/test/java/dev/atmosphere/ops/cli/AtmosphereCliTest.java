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
  void shouldRefuseAnEmptyRequestOrANonPositiveTimeoutBeforePostingAnything() {
    assertThat(run("intent", " ", "--bootstrap", "127.0.0.1:1")).isEqualTo(AtmosphereCli.USAGE);
    assertThat(run("route", "", "--bootstrap", "127.0.0.1:1")).isEqualTo(AtmosphereCli.USAGE);
    assertThat(run("plan", "", "--bootstrap", "127.0.0.1:1")).isEqualTo(AtmosphereCli.USAGE);
    assertThat(err.toString()).contains("error: TEXT is empty").contains("error: REQUEST is empty")
        .doesNotContain("no broker");

    assertThat(run("intent", "hello", "--timeout", "-1", "--bootstrap", "127.0.0.1:1")).isEqualTo(AtmosphereCli.USAGE);
    assertThat(run("plan", "hello", "--timeout", "0", "--bootstrap", "127.0.0.1:1")).isEqualTo(AtmosphereCli.USAGE);
    assertThat(err.toString()).contains("--timeout must be a positive number of seconds, not -1")
        .contains("--timeout must be a positive number of seconds, not 0").doesNotContain("no broker");
  }

  @Test
  void shouldRefuseAFederatedQueryWithNoPrivacyBudgetBeforePostingIt() {
    assertThat(run("federated", "how many?", "--epsilon", "0", "--bootstrap", "127.0.0.1:1"))
        .isEqualTo(AtmosphereCli.USAGE);
    assertThat(run("federated", "how many?", "--epsilon", "NaN", "--bootstrap", "127.0.0.1:1"))
        .isEqualTo(AtmosphereCli.USAGE);
    assertThat(run("federated", " ", "--epsilon", "0.5", "--bootstrap", "127.0.0.1:1")).isEqualTo(AtmosphereCli.USAGE);
    assertThat(err.toString()).contains("--epsilon must be a number above 0 (such as 0.5), not 0.0")
        .contains("not NaN").contains("error: QUESTION is empty").doesNotContain("no broker");
  }

  @Test
  void shouldNameTheKeyWhenTheRegistryUrlIsNotAUrl() {
    int code = run("nodes", "--registry", "localhost:8081");

    assertThat(code).isEqualTo(AtmosphereCli.USAGE);
    assertThat(err.toString()).contains("key 'registry.url' = 'localhost:8081' (from override)");
  }

  @Test
  void shouldAcceptTheShippedExampleConfigurations() {
    for (String example : java.util.List.of("home-two-machines.yaml", "enterprise-private-cloud.yaml")) {
      int code = run("config", "check", "config/" + example);

      assertThat(code).as(out.toString()).isEqualTo(AtmosphereCli.OK);
      assertThat(out.toString()).contains("✓ config/" + example + " is valid");
    }
  }

  @Test
  void shouldListEveryProblemAndExitWithUsageWhenTheConfigIsWrong(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path bad = dir.resolve("bad.yaml");
    java.nio.file.Files.writeString(bad, "atmosphere:\n  mode: standalone\n  discoverable: true\n"
        + "  mesh: {enabled: true}\n  gateway: {port: 99999}\n");

    int code = run("config", "check", bad.toString());

    assertThat(code).isEqualTo(AtmosphereCli.USAGE);
    assertThat(out.toString()).contains(
        bad + ": atmosphere.gateway.port: must be an integer from 0 to 65535, not 99999",
        "key 'discoverable' = 'true' (from " + bad + ": atmosphere.discoverable): conflicts with mode: standalone",
        "key 'mesh.enabled' = 'true' (from " + bad + ": atmosphere.mesh.enabled): conflicts with mode: standalone",
        "3 problem(s) in " + bad);
  }

  @Test
  void shouldNameAKeyNothingReadsInAPropertiesFileWithTheKeyItMeant(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("node.properties");
    java.nio.file.Files.writeString(file, "router.comit.interval=20ms\ngateway.port=11452\n");

    int code = run("config", "check", file.toString());

    assertThat(code).isEqualTo(AtmosphereCli.USAGE);
    assertThat(out.toString()).contains("key 'router.comit.interval' (from " + file + ") is not a key any part of "
        + "Atmosphere reads; did you mean router.commit.interval?", "1 problem(s) in " + file);
  }

  @Test
  void shouldListEveryKeyWithItsDefaultFromTheCode() {
    int code = run("config", "keys");

    assertThat(code).isZero();
    assertThat(out.toString()).containsPattern("router\\.commit\\.interval\\s+10ms\\s+Exactly-once commit interval")
        .containsPattern("gateway\\.port\\s+11451");
  }

  @Test
  void shouldShowWhereEachValueCameFromWithoutRevealingTheJoinCode() {
    int code = run("config", "show", "--config", "config/home-two-machines.yaml");

    assertThat(code).isZero();
    assertThat(out.toString())
        .containsPattern("atmosphere.mode\\s+participant\\s+config/home-two-machines.yaml: atmosphere.mode")
        .containsPattern("atmosphere.mesh.join_code\\s+\\*\\*\\*")
        .doesNotContain("change-me-to-a-long-random-secret")
        .containsPattern("atmosphere.capabilities.models.expose_list\\s+\\(default\\)\\s+default");
  }

  @Test
  void shouldAnswerHelpAsACommandAsWellAsAnOption() {
    assertThat(run("help")).isZero();
    assertThat(out.toString()).contains("Commands:").contains("intent");
    out.getBuffer().setLength(0);

    assertThat(run("help", "route")).isZero();
    assertThat(out.toString()).contains("Usage: atmosphere route");
  }

  @Test
  void shouldAnswerHelpForEveryCommandAndSubCommandWithoutAskingForItsArguments() {
    java.util.List<String> paths = new java.util.ArrayList<>();
    AtmosphereCli.commandLine().getSubcommands().forEach((name, sub) -> {
      paths.add(name);
      sub.getSubcommands().values().stream().map(CommandLine::getCommandName).distinct() // aliases once
          .forEach(child -> paths.add(name + " " + child));
    });
    assertThat(paths).contains("batch summarize", "config show");

    for (String path : paths) {
      out.getBuffer().setLength(0);
      java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(path.split(" ")));
      args.add("--help");
      assertThat(run(args.toArray(String[]::new))).as(path + ": " + err).isZero();
      assertThat(out.toString()).as(path).contains("Usage: atmosphere " + path);
    }
  }

  @Test
  void shouldShowAnExampleInEveryCommandsHelp() {
    CommandLine cli = AtmosphereCli.commandLine();
    java.util.List<String> without = new java.util.ArrayList<>();
    cli.getSubcommands().forEach((name, sub) -> {
      if (!name.equals("help") && !sub.getUsageMessage().contains("Example: ./atmosphere " + name)) {
        without.add(name);
      }
    });

    assertThat(cli.getSubcommands()).hasSizeGreaterThan(15);
    assertThat(without).isEmpty();
  }
}
