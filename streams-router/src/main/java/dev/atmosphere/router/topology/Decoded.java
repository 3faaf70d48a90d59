package dev.atmosphere.router.topology;


/** A record after decoding: the value, or the original bytes with the reason it could not be read. */
record Decoded<T>(T value, byte[] raw, String error) {

  static <T> Decoded<T> ok(T value) {
    return new Decoded<>(value, null, null);
  }

  static <T> Decoded<T> refused(byte[] raw, String why) {
    return new Decoded<>(null, raw, why);
  }

  boolean failed() {
    return value == null;
  }
}
