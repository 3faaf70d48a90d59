package dev.atmosphere.router.topology;

/** The verifier's verdict on one record: bytes to admit (null = withdrawal), or bytes to dead-letter. */
record Verified(boolean admitted, byte[] bytes) {

  static Verified accepted(byte[] bytes) {
    return new Verified(true, bytes);
  }

  static Verified withdrawal() {
    return new Verified(true, null);
  }

  static Verified rejected(byte[] bytes) {
    return new Verified(false, bytes);
  }
}
