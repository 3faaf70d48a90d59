package dev.atmosphere.router.topology;

import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.WorkResult;

/** What the lifecycle processor reacts to: a new intent, or the result of one attempt. Never serialised. */
record LifecycleEvent(Intent intent, WorkResult attempt) {

  static LifecycleEvent of(Intent intent) {
    return new LifecycleEvent(intent, null);
  }

  static LifecycleEvent of(WorkResult attempt) {
    return new LifecycleEvent(null, attempt);
  }
}
