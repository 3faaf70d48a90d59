package dev.atmosphere.ingest;

import static dev.atmosphere.common.config.Key.duration;
import static dev.atmosphere.common.config.Key.flag;
import static dev.atmosphere.common.config.Key.list;
import static dev.atmosphere.common.config.Key.number;
import static dev.atmosphere.common.config.Key.oneOf;
import static dev.atmosphere.common.config.Key.text;

import dev.atmosphere.common.config.Key;
import java.time.Duration;
import java.util.List;

/** The keys of the node agent: what it discovers and announces, how often, and what it exposes. */
public final class IngestKeys {

  public static final Key<Boolean> DISCOVERABLE = flag("discoverable", true,
      "Announce this node to the mesh (false for mode: standalone).");
  public static final Key<Boolean> MESH_ENABLED = flag("mesh.enabled", true,
      "Talk to the mesh at all (false only with mode: standalone).");
  public static final Key<List<String>> NAMESPACES = list("llamafarm.namespaces",
      "LlamaFarm namespaces whose projects are announced (default: every namespace found).");
  public static final Key<Boolean> EXAMPLE_QUESTIONS = flag("llamafarm.example.questions", false,
      "Ask each project's model once for questions it answers well, announced as routing facets.");
  public static final Key<Integer> GRPC_PORT = new Key<>("discovery.grpc_port", "an integer from 1 to 65535", "",
      "Reserved: LlamaFarm's gRPC port in the design (accepted, not used: the agent talks HTTP).",
      (s, n, d) -> s.intIn(n, 0, 1, 65_535), null);
  public static final Key<Boolean> BUILTIN_EMBEDDINGS = flag("builtin.embeddings", true,
      "Announce the in-process MiniLM embeddings as a capability of this node.");
  public static final Key<Duration> DISCOVERY_INTERVAL = duration("discovery.interval", Duration.ofSeconds(10),
      "Time between looks at LlamaFarm and Ollama for what changed.");
  public static final Key<Duration> ANNOUNCE_INTERVAL = duration("announce.interval", Duration.ofSeconds(30),
      "Time between full re-announcements.");
  public static final Key<Duration> HEARTBEAT_INTERVAL = duration("heartbeat.interval", Duration.ofSeconds(5),
      "Time between heartbeats (load, liveness).");
  public static final Key<Duration> HEARTBEAT_TTL = new Key<>("heartbeat.ttl", "a duration longer than "
      + "heartbeat.interval", "2 × heartbeat.interval", "A node not heard from for this long is taken as gone.",
      dev.atmosphere.common.config.Settings::duration, null);
  public static final Key<String> RESIDENCY = text("node.data.residency", null,
      "Where data sent to this node stays (e.g. EU): intents that require residency go only to such nodes.");
  public static final Key<Duration> HTTP_TIMEOUT = duration("http.timeout", Duration.ofSeconds(10),
      "Time limit of one discovery call to LlamaFarm or Ollama.");
  public static final Key<Double> COST_PER_TOKEN = number("resources.cost_per_token", 0, 0, 1,
      "Announced cost per token (0 = free, local).");
  public static final Key<String> LATENCY_CLASS = text("resources.latency_class", null,
      "Where the node is: local, regional or global.");
  public static final Key<String> PRIORITY = oneOf("resources.priority", "Preference among equals.", "normal", "low",
      "high");
  public static final Key<Boolean> LOCAL_ONLY = flag("privacy.local_only", false,
      "Serve only this node's own requests.");
  public static final Key<Boolean> CATEGORY_LLM = flag("capabilities.categories.llm", true, "Advertise LLMs.");
  public static final Key<Boolean> CATEGORY_EMBEDDINGS = flag("capabilities.categories.embeddings", true,
      "Advertise embedding models.");
  public static final Key<Boolean> CATEGORY_VISION = flag("capabilities.categories.vision", true,
      "Advertise vision models.");
  public static final Key<Boolean> CATEGORY_RAG = flag("capabilities.categories.rag", true,
      "Advertise RAG projects.");
  public static final Key<Boolean> CATEGORY_AGENTS = flag("capabilities.categories.agents", true,
      "Advertise agents.");
  public static final Key<Boolean> CATEGORY_AUDIO = flag("capabilities.categories.audio", false,
      "Audio capabilities (not implemented: must be false).");
  public static final Key<Boolean> MODELS_EXPOSE_ALL = flag("capabilities.models.expose_all", true,
      "Advertise all models.");
  public static final Key<List<String>> MODELS_EXPOSE_LIST = list("capabilities.models.expose_list",
      "Only these models (with expose_all: false).");
  public static final Key<List<String>> MODELS_HIDE_LIST = list("capabilities.models.hide_list", "Never these models.");
  public static final Key<Boolean> PROJECTS_EXPOSE_ALL = flag("capabilities.projects.expose_all", true,
      "Advertise all LlamaFarm projects.");
  public static final Key<List<String>> PROJECTS_EXPOSE_LIST = list("capabilities.projects.expose_list",
      "Only these projects (with expose_all: false).");
  public static final Key<List<String>> PROJECTS_HIDE_LIST = list("capabilities.projects.hide_list",
      "Never these projects.");

  private IngestKeys() {}
}
