package dev.atmosphere.common.kafka;

/**
 * A record after decoding: the value, or the original bytes with the reason it could not be read (or, where a source
 * keeps them, a tombstone: no value and no error).
 */
public record Decoded<T>(T value, byte[] raw, String error) {

  public static <T> Decoded<T> ok(T value) {
    return new Decoded<>(value, null, null);
  }

  public static <T> Decoded<T> refused(byte[] raw, String why) {
    return new Decoded<>(null, raw, why);
  }

  public boolean failed() {
    return error != null;
  }
}
