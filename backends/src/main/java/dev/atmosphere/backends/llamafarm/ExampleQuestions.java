package dev.atmosphere.backends.llamafarm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atmosphere.common.http.JsonHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Questions a project answers well, written by the project's own model: asked once per project configuration, in the
 * background, and announced as vectors beside its prompt's (a description says what a project is; questions say
 * how people ask for it, which is what an intent looks like). Until they are written, and when the model's answer is
 * not a list of questions, the project is announced without them; a failed attempt is tried again after a while.
 * The questions come from the project's own instructions, so they travel like its prompt: as vectors, never as text.
 */
public final class ExampleQuestions {

  static final String ASK = "Write ten short, different questions or requests a user might send you, the kind you "
      + "answer best. One per line, each ending with a question mark or a period, nothing else";
  static final int MAX = 10;
  private static final Duration RETRY_AFTER = Duration.ofMinutes(10);
  private static final Pattern NUMBERING = Pattern.compile("^\\s*(?:[-*•]|\\d{1,2}[.)]|Q\\d{1,2}[:.)])\\s*");
  private static final Logger log = LoggerFactory.getLogger(ExampleQuestions.class);

  private final JsonHttp http;
  private final ExecutorService worker;
  private final Duration timeout;
  private final Clock clock;
  private final Map<String, List<String>> written = new ConcurrentHashMap<>();
  private final Map<String, Instant> pending = new ConcurrentHashMap<>(); // asked (or failed) at

  /** @param worker runs the questions' generation, one at a time (a model is slow; discovery must not wait) */
  public ExampleQuestions(JsonHttp http, ExecutorService worker, Duration timeout, Clock clock) {
    this.http = http;
    this.worker = worker;
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * The project's questions when its model has written them for this configuration ({@code version}: anything
   * that changes with it); otherwise asks for them in the background and returns empty.
   */
  public List<String> of(String serverUrl, String namespace, String project, String version) {
    String key = namespace + "/" + project + "@" + version;
    List<String> done = written.get(key);
    if (done != null) {
      return done;
    }
    Instant now = clock.instant();
    Instant asked = pending.get(key);
    if (asked == null || now.isAfter(asked.plus(RETRY_AFTER))) {
      pending.put(key, now);
      worker.execute(() -> write(serverUrl, namespace, project, key));
    }
    return List.of();
  }

  private void write(String serverUrl, String namespace, String project, String key) {
    String url = serverUrl + "/v1/projects/" + URLEncoder.encode(namespace, StandardCharsets.UTF_8) + "/"
        + URLEncoder.encode(project, StandardCharsets.UTF_8) + "/chat/completions";
    try {
      JsonNode reply = http.post(url, Map.of("messages", List.of(Map.of("role", "user", "content", ASK)),
          "stream", false, "rag_enabled", false, "max_tokens", 400), Map.of("X-No-Session", "true"), timeout);
      List<String> questions = parse(reply.path("choices").path(0).path("message").path("content").asText(""));
      if (questions.size() >= 3) {
        written.put(key, questions);
        pending.remove(key);
        log.info("LlamaFarm project {}/{} wrote {} example questions for routing", namespace, project,
            questions.size());
      } else {
        log.info("LlamaFarm project {}/{} did not answer with example questions; asked again in {} min", namespace,
            project, RETRY_AFTER.toMinutes());
      }
    } catch (RuntimeException e) {
      log.info("LlamaFarm project {}/{} could not write example questions ({}); asked again in {} min", namespace,
          project, e.getClass().getSimpleName(), RETRY_AFTER.toMinutes());
    }
  }

  /** The lines of a model's answer that read as questions or requests, without their numbering; at most ten. */
  static List<String> parse(String answer) {
    List<String> out = new ArrayList<>();
    for (String line : answer.split("\\R")) {
      String q = NUMBERING.matcher(line).replaceFirst("").strip().replaceAll("^\"|\"$", "");
      if (q.length() >= 8 && q.length() <= 200 && (q.endsWith("?") || q.endsWith(".")) && !out.contains(q)
          && out.size() < MAX) {
        out.add(q);
      }
    }
    return out;
  }
}
