package org.margindesk.domain;

/** Where a waiver request stands: waiting for a second supervisor, or decided. */
public enum WaiverStatus {
  PENDING,
  APPROVED,
  REJECTED
}
