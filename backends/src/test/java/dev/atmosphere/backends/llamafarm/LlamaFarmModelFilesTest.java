package dev.atmosphere.backends.llamafarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atmosphere.backends.ollama.OllamaImporter;
import dev.atmosphere.backends.ollama.OllamaModelStore;
import dev.atmosphere.schemas.sign.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving a LlamaFarm project's model, file by file: what the source offers from its Hugging Face cache and project
 * file, and what the target writes — the hub's own layout and a project whose model name resolves.
 */
class LlamaFarmModelFilesTest {

  private static final String REVISION = "3f1c2a9e0b7d";

  @TempDir Path tmp;
  private Path source;
  private byte[] q4;

  @BeforeEach
  void sourceNode() throws Exception {
    source = tmp.resolve("source");
    q4 = "GGUF q4 weights".repeat(1000).getBytes(StandardCharsets.UTF_8);
    Path repo = source.resolve("hf/models--unsloth--Tiny-GGUF");
    cached(repo, "Tiny-Q4_K_M.gguf", q4, Sha256.hex(q4));
    byte[] q8 = "GGUF q8 weights".getBytes(StandardCharsets.UTF_8);
    cached(repo, "Tiny-Q8_0.gguf", q8, Sha256.hex(q8));
    cached(repo, "README.md", "# Tiny".getBytes(StandardCharsets.UTF_8), "9d5ed678fe57bcca610140957afab571"); // git blob
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), REVISION);
    project(source.resolve("lf"), "legal", "contracts", """
        version: v1
        name: contracts
        namespace: legal
        runtime:
          default_model: fast
          models:
            - name: fast
              provider: universal
              model: unsloth/Tiny-GGUF:Q4_K_M
              description: small and quick
        prompts:
          - name: default
            messages: [{role: system, content: You are a contracts lawyer.}]
        rag:
          databases: [{name: clauses, type: ChromaStore}]
        datasets: [{name: private-contracts, database: clauses}]
        """);
  }

  @Test
  void shouldOfferOnlyTheQuantizationTheProjectRunsAndItsConfigurationWithoutTheData() throws Exception {
    LlamaFarmModelFiles.Offer offer = files(source).offer("llamafarm:rag:legal/contracts");

    List<String> paths = new ArrayList<>();
    offer.manifest().path("layers").forEach(l -> paths.add(l.path("path").asText()));
    assertThat(paths).containsExactly("README.md", "Tiny-Q4_K_M.gguf");
    assertThat(offer.manifest().path("revision").asText()).isEqualTo(REVISION);
    assertThat(offer.files()).containsKey("sha256:" + Sha256.hex(q4))
        .containsKey("sha256:" + Sha256.hex("# Tiny".getBytes(StandardCharsets.UTF_8))); // hashed: not a sha256 name
    assertThat(Files.readAllBytes(offer.files().get("sha256:" + Sha256.hex(q4)))).isEqualTo(q4);
    assertThat(offer.size()).isEqualTo(q4.length + 6);
    JsonNode config = offer.manifest().path("config");
    assertThat(config.has("rag")).as("the data stays where it is").isFalse();
    assertThat(config.has("datasets")).isFalse();
    assertThat(config.path("prompts").toString()).contains("contracts lawyer");
  }

  @Test
  void shouldInstallIntoTheHubLayoutAndCreateTheProjectSoTheTargetCanServeItOn() throws Exception {
    LlamaFarmModelFiles.Offer offer = files(source).offer("llamafarm:llm:legal/contracts");
    Path target = tmp.resolve("target");

    installer(target).install(offer.manifest(), received(offer));

    Path repo = target.resolve("hf/models--unsloth--Tiny-GGUF");
    assertThat(Files.readString(repo.resolve("refs/main"))).isEqualTo(REVISION);
    Path linked = repo.resolve("snapshots/" + REVISION + "/Tiny-Q4_K_M.gguf");
    assertThat(Files.isSymbolicLink(linked)).isTrue();
    assertThat(Files.readAllBytes(linked)).isEqualTo(q4);
    assertThat(linked.toRealPath()).isEqualTo(repo.resolve("blobs/" + Sha256.hex(q4)).toRealPath());
    JsonNode project = LlamaFarmModelFiles.YAML.readTree(target.resolve("lf/projects/legal/contracts/llamafarm.yaml")
        .toFile());
    assertThat(project.path("runtime").path("default_model").asText()).isEqualTo("fast");
    assertThat(project.has("rag")).isFalse();
    LlamaFarmModelFiles.Offer onward = files(target).offer("llamafarm:llm:legal/contracts");
    assertThat(onward.files().keySet()).isEqualTo(offer.files().keySet());
  }

  @Test
  void shouldAddTheModelToAProjectTheTargetAlreadyHasAndKeepItsOwnData() throws Exception {
    Path target = tmp.resolve("target");
    project(target.resolve("lf"), "legal", "contracts", """
        version: v1
        name: contracts
        namespace: legal
        runtime:
          default_model: local
          models:
            - {name: local, provider: ollama, model: "llama3.2:latest"}
            - {name: fast, provider: universal, model: "old/Model-GGUF"}
        rag:
          databases: [{name: our-contracts, type: ChromaStore}]
        """);
    LlamaFarmModelFiles.Offer offer = files(source).offer("llamafarm:llm:legal/contracts");

    installer(target).install(offer.manifest(), received(offer));

    JsonNode project = LlamaFarmModelFiles.YAML.readTree(target.resolve("lf/projects/legal/contracts/llamafarm.yaml")
        .toFile());
    assertThat(project.path("rag").path("databases").get(0).path("name").asText()).isEqualTo("our-contracts");
    assertThat(project.path("runtime").path("default_model").asText()).isEqualTo("local");
    Map<String, String> models = new HashMap<>();
    project.path("runtime").path("models").forEach(m -> models.put(m.path("name").asText(), m.path("model").asText()));
    assertThat(models).containsExactlyInAnyOrderEntriesOf(Map.of("local", "llama3.2:latest",
        "fast", "unsloth/Tiny-GGUF:Q4_K_M"));
  }

  @Test
  void shouldRefuseModelsThatAreNotFilesAndNamesThatLeaveTheCache() throws Exception {
    project(source.resolve("lf"), "web", "assistant", """
        name: assistant
        namespace: web
        runtime: {models: [{name: gpt, provider: openai, model: gpt-4o-mini}]}
        """);

    assertThatThrownBy(() -> files(source).offer("llamafarm:llm:web/assistant"))
        .hasMessageContaining("provider 'openai'");
    assertThatThrownBy(() -> files(source).offer("llamafarm:llm:legal/absent")).hasMessageContaining("not in this");
    assertThatThrownBy(() -> files(source).offer("llamafarm:llm:../etc")).hasMessageContaining("not a LlamaFarm");
    Path file = Files.writeString(tmp.resolve("x"), "x");
    assertThatThrownBy(() -> new HuggingFaceCache(tmp.resolve("t")).install("unsloth/Tiny-GGUF", REVISION,
        "../../../escape", file, "sha256:" + Sha256.hex("x".getBytes(StandardCharsets.UTF_8))))
        .hasMessageContaining("unsafe");
    assertThat(Files.exists(tmp.resolve("escape"))).isFalse();
  }

  private static LlamaFarmModelFiles files(Path node) {
    return new LlamaFarmModelFiles(node.resolve("lf"), new HuggingFaceCache(node.resolve("hf")),
        new OllamaModelStore(node.resolve("ollama")));
  }

  private static LlamaFarmInstaller installer(Path node) {
    return new LlamaFarmInstaller(node.resolve("lf"), new HuggingFaceCache(node.resolve("hf")),
        new OllamaImporter("http://127.0.0.1:1"));
  }

  /** What the target's downloader leaves: one verified copy per digest in its staging directory. */
  private Map<String, Path> received(LlamaFarmModelFiles.Offer offer) throws Exception {
    Path staging = Files.createDirectories(tmp.resolve("staging"));
    Map<String, Path> out = new HashMap<>();
    for (Map.Entry<String, Path> e : offer.files().entrySet()) {
      out.put(e.getKey(), Files.copy(e.getValue(), staging.resolve(e.getKey().replace(':', '-'))));
    }
    return out;
  }

  private static void cached(Path repo, String name, byte[] bytes, String blobName) throws Exception {
    Path blob = repo.resolve("blobs").resolve(blobName);
    Files.createDirectories(blob.getParent());
    Files.write(blob, bytes);
    Path link = repo.resolve("snapshots").resolve(REVISION).resolve(name);
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, link.getParent().relativize(blob));
  }

  private static void project(Path lf, String namespace, String name, String yaml) throws Exception {
    Path file = lf.resolve("projects").resolve(namespace).resolve(name).resolve("llamafarm.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml);
  }
}
