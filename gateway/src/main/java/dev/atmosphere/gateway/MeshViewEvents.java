package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The live view pushed as server-sent events: the view is looked at every second and sent when it changed (a comment
 * keeps the connection alive otherwise), for at most ten minutes — the browser's EventSource reconnects by itself.
 * A handful of viewers at once; more are told to come back (429).
 */
final class MeshViewEvents {

  /** The live mesh view: one static page that listens to these events (or polls where keys are needed). */
  static final String PAGE = page("mesh.html");
  private static final int MAX_VIEWERS = 8;
  private static final long MAX_MILLIS = TimeUnit.MINUTES.toMillis(10);

  private final Supplier<ObjectNode> view;
  private final Semaphore viewers = new Semaphore(MAX_VIEWERS);

  MeshViewEvents(Supplier<ObjectNode> view) {
    this.view = view;
  }

  private static String page(String name) {
    try (java.io.InputStream in = MeshViewEvents.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("the gateway's page " + name + " is missing from the jar", e);
    }
  }

  void stream(Context ctx) throws InterruptedException {
    if (!viewers.tryAcquire()) {
      throw new GatewayError(429, "rate_limit_error", null, "too_many_viewers", MAX_VIEWERS
          + " live views are open on this node; close one or use GET /v1/atmosphere/mesh");
    }
    try {
      ctx.status(200);
      ctx.res().setContentType("text/event-stream");
      ctx.res().setHeader("Cache-Control", "no-cache");
      OutputStream out = ctx.res().getOutputStream();
      String last = null;
      long started = System.currentTimeMillis();
      int quiet = 0;
      while (System.currentTimeMillis() - started < MAX_MILLIS) {
        ObjectNode now = view.get();
        now.remove("at"); // the time alone is no change
        String json = now.toString();
        if (!json.equals(last)) {
          out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
          last = json;
          quiet = 0;
        } else if (++quiet % 15 == 0) {
          out.write(": still here\n\n".getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        TimeUnit.SECONDS.sleep(1);
      }
    } catch (IOException e) {
      // the viewer went away
    } finally {
      viewers.release();
    }
  }
}
