package dev.atmosphere.router.topology;

import dev.atmosphere.schemas.Intent;

/** An intent record after decoding: the intent, or the original bytes with the reason it could not be read. */
record DecodedIntent(Intent intent, byte[] raw, String error) {

  boolean failed() {
    return intent == null;
  }
}
