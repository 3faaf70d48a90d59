package dev.atmosphere.schemas.sign;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bouncy Castle signs and checks for the mesh; a node on the JDK's provider must read it, and it that node. */
class SignaturesTest {

  private static final Random RANDOM = new Random(7);

  @Test
  void shouldSignByteForByteAsTheJdkProviderDoes() throws Exception {
    for (int i = 0; i < 20; i++) {
      KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] message = message(i * 37);

      assertThat(Signatures.sign(keys.getPrivate(), message)).isEqualTo(jdkSign(keys, message));
    }
  }

  @Test
  void shouldAcceptWhatTheJdkProviderSignedAndNothingTamperedWith() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] publicKey = keys.getPublic().getEncoded();
    byte[] message = message(600);
    byte[] signature = jdkSign(keys, message);

    assertThat(Signatures.verify(publicKey, message, signature)).isTrue();
    byte[] otherMessage = message.clone();
    otherMessage[5] ^= 1;
    assertThat(Signatures.verify(publicKey, otherMessage, signature)).isFalse();
    byte[] otherSignature = signature.clone();
    otherSignature[40] ^= 1;
    assertThat(Signatures.verify(publicKey, message, otherSignature)).isFalse();
    byte[] otherKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
    assertThat(Signatures.verify(otherKey, message, signature)).isFalse();
  }

  @Test
  void shouldRefuseMalformedKeysAndSignaturesWithoutThrowing() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] publicKey = keys.getPublic().getEncoded();
    byte[] message = message(64);
    byte[] signature = Signatures.sign(keys.getPrivate(), message);
    byte[] wrongHeader = publicKey.clone();
    wrongHeader[8] = 0x71; // Ed448's OID
    byte[] notAPoint = publicKey.clone();
    Arrays.fill(notAPoint, 12, 44, (byte) 0xff);

    assertThat(Signatures.verify(Arrays.copyOf(publicKey, 43), message, signature)).isFalse();
    assertThat(Signatures.verify(wrongHeader, message, signature)).isFalse();
    assertThat(Signatures.verify(notAPoint, message, signature)).isFalse();
    assertThat(Signatures.verify(publicKey, message, Arrays.copyOf(signature, 63))).isFalse();
    assertThat(Signatures.verify(null, message, signature)).isFalse();
    assertThat(Signatures.verify(publicKey, message, null)).isFalse();
  }

  private static byte[] jdkSign(KeyPair keys, byte[] message) throws Exception {
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(keys.getPrivate());
    s.update(message);
    return s.sign();
  }

  private static byte[] message(int length) {
    byte[] m = new byte[length];
    RANDOM.nextBytes(m);
    return m;
  }
}
