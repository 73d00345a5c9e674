package org.margindesk.persistence;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.NoArgGenerator;
import java.util.UUID;

/**
 * Ids for rows appended by the thousand a second (risk snapshots, audit records): version 7 UUIDs,
 * whose leading bits are the time in milliseconds. A random id puts each new row's index entry on a
 * random page of an index that grows without end, so every insert touches a page of its own (and,
 * after a checkpoint, writes that whole page to the WAL); a time-ordered one puts the entries of a
 * moment on the same few pages at the index's right edge. The remaining bits are random (counted up
 * within a millisecond), so ids of several service instances do not collide.
 */
public final class TimeOrderedIds {
  private static final NoArgGenerator GENERATOR = Generators.timeBasedEpochGenerator();

  private TimeOrderedIds() {}

  /** A new id, after every id this generator made before it. */
  public static UUID next() {
    return GENERATOR.generate();
  }
}
