package dev.atmosphere.gateway.images;

import dev.atmosphere.gateway.GatewayError;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Fetches an http(s) image URL for a request, when the node allows it: only from public addresses (every address the
 * name resolves to is checked), no redirects (a redirect could lead inside), a size limit read no further than the
 * limit, a time limit, and an image media type. Each refusal is a 400 naming the content part.
 */
public final class ImageFetcher {

  /** An image and its media type as the server declared it. */
  public record Fetched(byte[] bytes, String mediaType) {}

  private final HttpClient client;
  private final Duration timeout;
  private final Predicate<InetAddress> allowed;

  public ImageFetcher(Duration timeout) {
    this(timeout, PublicAddresses::allowed);
  }

  /** @param allowed which resolved addresses may be fetched from (tests admit loopback here) */
  public ImageFetcher(Duration timeout, Predicate<InetAddress> allowed) {
    this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    this.timeout = timeout;
    this.allowed = allowed;
  }

  public Fetched fetch(String url, long maxBytes, String field) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw GatewayError.badRequest(field, "image URL is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw GatewayError.badRequest(field, "image URL must be a data: URL or an http(s) URL with a host");
    }
    try {
      for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
        if (!allowed.test(a)) {
          throw GatewayError.badRequest(field, "image URL host resolves to a private or local address; the gateway "
              + "fetches only public URLs (send the image as a data: URL)");
        }
      }
    } catch (UnknownHostException e) {
      throw GatewayError.badRequest(field, "image URL host cannot be resolved");
    }
    try {
      HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        if (response.statusCode() != 200) {
          throw GatewayError.badRequest(field, "image URL answered HTTP " + response.statusCode());
        }
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
          throw new GatewayError(413, "invalid_request_error", field, "image_too_large",
              "image at the URL is larger than " + maxBytes + " bytes (gateway.images.max_bytes)");
        }
        return new Fetched(bytes, response.headers().firstValue("Content-Type").orElse(""));
      }
    } catch (IOException e) {
      throw GatewayError.badRequest(field, "image URL could not be fetched: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GatewayError.badRequest(field, "image URL fetch interrupted");
    }
  }
}
