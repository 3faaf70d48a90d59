package dev.atmosphere.ops.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The TLS identity of a shared embedded broker: a self-signed certificate for the name other machines reach it at,
 * made once with the JDK's own {@code keytool} and kept in {@code <broker data>/tls} (the key store and its random
 * password owner-only). The other machines trust exactly this certificate ({@code kafka.tls.ca} = its {@code
 * broker.pem}), so nobody on the network can read the mesh's traffic or stand in for the broker. A changed name makes
 * a new certificate (the old one would not match it).
 */
public record BrokerCertificate(Path keyStore, String password, Path certificate) {

  private static final String ALIAS = "atmosphere-broker";

  /** The certificate for {@code host} in {@code dir}, made when missing or made for another name. */
  public static BrokerCertificate ensure(Path dir, String host) {
    Path keyStore = dir.resolve("broker.p12");
    Path passwordFile = dir.resolve("broker.password");
    Path certificate = dir.resolve("broker.pem");
    Path hostFile = dir.resolve("broker.host");
    try {
      if (Files.isRegularFile(keyStore) && Files.isRegularFile(certificate) && Files.isRegularFile(passwordFile)
          && Files.isRegularFile(hostFile) && Files.readString(hostFile).equals(host)) {
        return new BrokerCertificate(keyStore, Files.readString(passwordFile).strip(), certificate);
      }
      Files.createDirectories(dir);
      for (Path old : List.of(keyStore, certificate, passwordFile, hostFile)) {
        Files.deleteIfExists(old);
      }
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      String password = HexFormat.of().formatHex(random);
      ownerOnly(Files.writeString(passwordFile, password));
      keytool(password, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
          "-sigalg", "SHA256withECDSA", "-dname", "CN=" + host, "-ext", "SAN=" + san(host), "-validity", "3650",
          "-storetype", "PKCS12", "-keystore", keyStore.toString());
      ownerOnly(keyStore);
      keytool(password, "-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keyStore.toString(),
          "-file", certificate.toString());
      Files.writeString(hostFile, host);
      return new BrokerCertificate(keyStore, password, certificate);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the shared broker's TLS certificate in " + dir, e);
    }
  }

  /** A name is matched as a DNS name, an IPv4 address as an address (what the clients' host name check compares). */
  static String san(String host) {
    return host.matches("\\d{1,3}(\\.\\d{1,3}){3}") ? "ip:" + host : "dns:" + host;
  }

  private static void keytool(String password, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
        .toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("-storepass:env", "ATMOSPHERE_KEYSTORE_PASSWORD", "-noprompt"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("ATMOSPHERE_KEYSTORE_PASSWORD", password); // never on the command line (ps shows that)
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("keytool " + args[0] + " failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    }
  }

  private static Path ownerOnly(Path file) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
    return file;
  }
}
