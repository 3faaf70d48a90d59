package dev.atmosphere.common.identity;

import dev.atmosphere.schemas.sign.Signatures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecord;

/**
 * A node's Ed25519 identity: created on first start, kept in {@code node.key} (owner read/write only) and
 * {@code node.pub}. The node id is {@code name-fingerprint}, so it cannot be claimed without the private key.
 * Signs announcements and heartbeats; the private key never leaves this class.
 */
public final class NodeIdentity {

  private final PrivateKey privateKey;
  private final byte[] publicKey;
  private final String nodeId;
  private final Optional<String> joinCode;

  private NodeIdentity(PrivateKey privateKey, byte[] publicKey, String name, Optional<String> joinCode) {
    this.privateKey = privateKey;
    this.publicKey = publicKey.clone();
    this.nodeId = Signatures.nodeId(name, publicKey);
    this.joinCode = joinCode;
  }

  /** Loads the identity kept in {@code dir}, creating it (owner-only permissions) on first use. */
  public static NodeIdentity loadOrCreate(Path dir, String name, Optional<String> joinCode) {
    Path key = dir.resolve("node.key");
    Path pub = dir.resolve("node.pub");
    try {
      if (!Files.exists(key)) {
        KeyPair pair = KeyPairGenerator.getInstance(Signatures.ALGORITHM).generateKeyPair();
        Files.createDirectories(dir);
        write(key, pair.getPrivate().getEncoded());
        write(pub, pair.getPublic().getEncoded());
      }
      PrivateKey privateKey = KeyFactory.getInstance(Signatures.ALGORITHM)
          .generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(key)));
      return new NodeIdentity(privateKey, Files.readAllBytes(pub), name, joinCode);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the node identity in " + dir, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the node identity in " + dir + " is not an Ed25519 key", e);
    }
  }

  /**
   * The identity kept in {@code dir} when it is node {@code nodeId}'s (a tool on the node's machine signing in its
   * name, e.g. the CLI); empty when there is none there or it belongs to another node. Never creates one.
   */
  public static Optional<NodeIdentity> existing(Path dir, String nodeId) {
    if (nodeId == null || !Files.isRegularFile(dir.resolve("node.key")) || !Files.isReadable(dir.resolve("node.key"))) {
      return Optional.empty();
    }
    NodeIdentity id = loadOrCreate(dir, nodeId.replaceFirst("-[0-9a-f]{" + Signatures.FINGERPRINT_HEX + "}$", ""),
        Optional.empty());
    return id.nodeId().equals(nodeId) ? Optional.of(id) : Optional.empty();
  }

  /** A fresh identity that is never stored (tests, throwaway nodes). */
  public static NodeIdentity ephemeral(String name, Optional<String> joinCode) {
    try {
      KeyPair pair = KeyPairGenerator.getInstance(Signatures.ALGORITHM).generateKeyPair();
      return new NodeIdentity(pair.getPrivate(), pair.getPublic().getEncoded(), name, joinCode);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Files.write(file, bytes);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  public String nodeId() {
    return nodeId;
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * Signs a record: {@code prepare} sets the public key and join proof on a builder copy (the caller's record
   * type), then the signature over the canonical encoding is set with {@code withSignature}.
   */
  public <T extends SpecificRecord> T sign(T record, UnaryOperator<T> withSignatureNull) {
    T unsigned = withSignatureNull.apply(record);
    byte[] signature = Signatures.sign(privateKey, Signatures.canonicalSpecific(unsigned));
    unsigned.put(unsigned.getSchema().getField("signature").pos(), ByteBuffer.wrap(signature));
    return unsigned;
  }

  public ByteBuffer publicKeyBuffer() {
    return ByteBuffer.wrap(publicKey.clone());
  }

  public ByteBuffer joinProof() {
    return joinCode.map(code -> ByteBuffer.wrap(Signatures.joinProof(code, publicKey))).orElse(null);
  }
}
