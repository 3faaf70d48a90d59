package dev.atmosphere.router.topology;


/** A record after decoding: the value, or the original bytes with the reason it could not be read. */
record Decoded<T>(T value, byte[] raw, String error) {

  boolean failed() {
    return value == null;
  }
}
