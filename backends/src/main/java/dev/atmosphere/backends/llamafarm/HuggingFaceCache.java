package dev.atmosphere.backends.llamafarm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Hugging Face hub cache where LlamaFarm's Universal Runtime keeps the models it runs ({@code unsloth/Qwen3-1.7B-GGUF
 * :Q4_K_M}), in the hub's documented layout: {@code models--<org>--<name>/refs/main} holds the revision,
 * {@code snapshots/<revision>/<file>} links to {@code blobs/<hash>} (large files are named by their SHA-256). Reads a
 * model's files for a migration and writes received ones in the same layout, so the runtime finds them without a
 * download. Repository names, revisions and file paths are checked before they touch a path.
 */
public final class HuggingFaceCache {

  /** One file of a cached model: its path in the snapshot, the blob it links to, its size and SHA-256. */
  public record CachedFile(String path, Path blob, long size, String digest) {}

  /** A model's files at the cached revision. */
  public record CachedModel(String repo, String revision, List<CachedFile> files) {}

  private static final Pattern REPO = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final Path dir;

  public HuggingFaceCache(Path dir) {
    this.dir = dir;
  }

  /**
   * The cached files of {@code model} ({@code org/name}, optionally {@code :QUANT}): with a quantization, only the
   * GGUF files named for it (and the repository's other, non-GGUF files); empty when the model is not cached.
   */
  public Optional<CachedModel> model(String model) throws IOException {
    String repo = model.contains(":") ? model.substring(0, model.indexOf(':')) : model;
    String quant = model.contains(":") ? model.substring(model.indexOf(':') + 1).toLowerCase(Locale.ROOT) : "";
    if (!REPO.matcher(repo).matches()) {
      return Optional.empty();
    }
    Path root = repoDir(repo);
    Path ref = root.resolve("refs").resolve("main");
    if (!Files.isRegularFile(ref)) {
      return Optional.empty();
    }
    String revision = Files.readString(ref).strip();
    Path snapshot = root.resolve("snapshots").resolve(revision);
    if (!REVISION.matcher(revision).matches() || !Files.isDirectory(snapshot)) {
      return Optional.empty();
    }
    List<CachedFile> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(snapshot)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        String rel = snapshot.relativize(p).toString().replace('\\', '/');
        String name = rel.toLowerCase(Locale.ROOT);
        if (name.endsWith(".gguf") && !quant.isEmpty() && !name.contains(quant)) {
          continue; // another quantization of the same model
        }
        Path blob = p.toRealPath();
        String blobName = blob.getFileName().toString();
        files.add(new CachedFile(rel, blob, Files.size(blob),
            "sha256:" + (SHA256.matcher(blobName).matches() ? blobName : sha256(blob))));
      }
    }
    return files.stream().anyMatch(f -> f.path().toLowerCase(Locale.ROOT).endsWith(".gguf")) || quant.isEmpty()
        ? Optional.of(new CachedModel(repo, revision, files)) : Optional.empty();
  }

  /**
   * Puts a verified file into the cache (moved there): the blob under its SHA-256, the snapshot's link to it, and
   * {@code refs/main} when the repository had none here (an existing revision also gets the link).
   */
  public void install(String repo, String revision, String path, Path verified, String digest) throws IOException {
    if (!REPO.matcher(repo).matches() || !REVISION.matcher(revision).matches() || !safe(path)
        || !digest.startsWith("sha256:") || !SHA256.matcher(digest.substring(7)).matches()) {
      throw new IOException("refusing a cache entry with an unsafe name: " + repo + "@" + revision + " " + path);
    }
    Path root = repoDir(repo);
    Path blob = root.resolve("blobs").resolve(digest.substring(7));
    Files.createDirectories(blob.getParent());
    if (!Files.exists(blob)) { // moved, not copied: a model of gigabytes is not kept twice
      Files.move(verified, blob, StandardCopyOption.REPLACE_EXISTING);
    }
    Path ref = root.resolve("refs").resolve("main");
    Files.createDirectories(ref.getParent());
    if (!Files.exists(ref)) {
      Files.writeString(ref, revision);
    }
    for (String rev : List.of(revision, Files.readString(ref).strip())) {
      if (REVISION.matcher(rev).matches()) {
        link(root.resolve("snapshots").resolve(rev).resolve(path), blob);
      }
    }
  }

  private static void link(Path at, Path blob) throws IOException {
    Files.createDirectories(at.getParent());
    Files.deleteIfExists(at);
    try {
      Files.createSymbolicLink(at, at.getParent().relativize(blob));
    } catch (UnsupportedOperationException | IOException e) { // no symbolic links here (Windows): the hub copies too
      Files.copy(blob, at);
    }
  }

  private Path repoDir(String repo) {
    return dir.resolve("models--" + repo.replace("/", "--"));
  }

  private static boolean safe(String path) {
    return !path.isEmpty() && !path.startsWith("/") && !path.contains("\\")
        && Stream.of(path.split("/")).noneMatch(p -> p.isEmpty() || p.equals(".") || p.equals(".."));
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
