package org.margindesk.request;

/**
 * A request body bound from JSON and checked with Bean Validation. The API reads these types with
 * its strict reader, which names every bad field at once.
 */
public interface JsonRequest {

  /** A body that may be left out entirely; then the resource gets null. */
  interface MayBeEmpty extends JsonRequest {}
}
