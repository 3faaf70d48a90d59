package dev.atmosphere.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so a test can send exactly what a browser page or a rebinding DNS name sends
 * (any Host, any Origin, any Content-Type) — the JDK client refuses to set some of those headers.
 */
final class RawHttp {

  record Response(int status, String head, String body) {
    String header(String name) {
      return head.lines().filter(l -> l.toLowerCase().startsWith(name.toLowerCase() + ":"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(null);
    }
  }

  private RawHttp() {}

  static Response send(int port, String method, String path, Map<String, String> headers, String body)
      throws IOException {
    byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
    if (!headers.containsKey("Host")) {
      request.append("Host: 127.0.0.1:").append(port).append("\r\n");
    }
    headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
    request.append("Content-Length: ").append(payload.length).append("\r\nConnection: close\r\n\r\n");
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      IOException writeFailed = null;
      try {
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(payload);
        out.flush();
      } catch (IOException e) {
        writeFailed = e; // the server answered early (a refused request) and closed: its answer is still to be read
      }
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      try {
        in.transferTo(all);
      } catch (IOException e) {
        if (all.size() == 0) {
          throw writeFailed != null ? writeFailed : e;
        }
      }
      if (all.size() == 0 && writeFailed != null) {
        throw writeFailed;
      }
      String text = all.toString(StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String head = split < 0 ? text : text.substring(0, split);
      String rest = split < 0 ? "" : text.substring(split + 4);
      int status = Integer.parseInt(head.substring(9, 12));
      return new Response(status, head, rest);
    }
  }
}
