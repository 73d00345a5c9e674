package org.margindesk.service;

import jakarta.enterprise.inject.Instance;

/**
 * Resolves the {@link MarginCallLifecycle} bean at call time rather than at build time. The
 * lifecycle and ingestion are separate parts of the service; looking the bean up lazily lets this
 * part build and package on its own, and fails loudly (a 500 that names the missing bean, never a
 * silently skipped call) if a deployment really lacks it.
 */
final class LifecycleLookup {
  private LifecycleLookup() {}

  static MarginCallLifecycle resolve(Instance<MarginCallLifecycle> candidates) {
    if (candidates.isUnsatisfied()) {
      throw new IllegalStateException(
          "No MarginCallLifecycle bean is deployed; risk cannot be applied without it");
    }
    return candidates.get();
  }
}
