package org.margindesk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Who used the CPUs during a phase, from /proc: the service's JVM, its PostgreSQL (the postmaster
 * and its children), this harness, and everything else on the machine. On a shared machine the last
 * column says whether a figure was measured alone.
 */
final class CpuUse {
  private static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

  /** Cores used by other processes above which a phase was not measured on a quiet machine. */
  static final double BUSY = 0.25;

  /** Jiffies used so far: the whole machine (busy), and per party. */
  record Sample(long nanos, long busy, long service, long postgres, long harness) {}

  /** Cores used on average between two samples. */
  record Usage(double seconds, double service, double postgres, double harness, double others) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "service %.2f, PostgreSQL %.2f, harness %.2f, other processes %.2f",
          service,
          postgres,
          harness,
          others);
    }
  }

  private final Path workDir;

  /**
   * @param workDir the service's scratch directory: {@code service.pid} (written by the script) and
   *     {@code .margin-desk/postgres/postmaster.pid}; null when unknown
   */
  CpuUse(Path workDir) {
    this.workDir = workDir;
  }

  Sample sample() {
    long service = -1;
    long postmaster = -1;
    if (workDir != null) {
      service = firstLineNumber(workDir.resolve("service.pid"));
      postmaster = firstLineNumber(workDir.resolve(".margin-desk/postgres/postmaster.pid"));
    }
    long harness = ProcessHandle.current().pid();
    long[] used = new long[3];
    long pg = postmaster;
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      procs
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(
              p -> {
                long[] stat = stat(p);
                if (stat == null) {
                  return;
                }
                long pid = Long.parseLong(p.getFileName().toString());
                if (pid == harness) {
                  used[2] += stat[1];
                } else if (pid == pg) {
                  // The postmaster, and the backends it has reaped (short-lived connections).
                  used[1] += stat[1] + stat[2];
                } else if (pg > 0 && stat[0] == pg) {
                  used[1] += stat[1];
                }
              });
    } catch (IOException e) {
      return new Sample(System.nanoTime(), machineBusy(), -1, -1, used[2]);
    }
    long serviceTicks = -1;
    if (service > 0) {
      long[] stat = stat(Path.of("/proc", String.valueOf(service)));
      serviceTicks = stat == null ? -1 : stat[1];
    }
    return new Sample(
        System.nanoTime(), machineBusy(), serviceTicks, postmaster > 0 ? used[1] : -1, used[2]);
  }

  static Usage between(Sample a, Sample b) {
    double seconds = (b.nanos() - a.nanos()) / 1e9;
    double busy = cores(b.busy() - a.busy(), seconds);
    double service =
        a.service() < 0 || b.service() < 0 ? Double.NaN : cores(b.service() - a.service(), seconds);
    double postgres =
        a.postgres() < 0 || b.postgres() < 0
            ? Double.NaN
            : cores(b.postgres() - a.postgres(), seconds);
    double harness = cores(b.harness() - a.harness(), seconds);
    double ours =
        harness + (Double.isNaN(service) ? 0 : service) + (Double.isNaN(postgres) ? 0 : postgres);
    return new Usage(seconds, service, postgres, harness, Math.max(0, busy - ours));
  }

  private static double cores(long ticks, double seconds) {
    return ticks / TICKS_PER_SECOND / seconds;
  }

  /** user + nice + system + irq + softirq + steal of the first line of /proc/stat. */
  private static long machineBusy() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      return Long.parseLong(f[1])
          + Long.parseLong(f[2])
          + Long.parseLong(f[3])
          + Long.parseLong(f[6])
          + Long.parseLong(f[7])
          + Long.parseLong(f[8]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * {ppid, utime + stime, cutime + cstime} of a process (the last: its children that ended and were
   * waited for), or null when it has gone.
   */
  private static long[] stat(Path proc) {
    try {
      String text = Files.readString(proc.resolve("stat"));
      // After the command name in parentheses: state ppid ...; utime, stime, cutime, cstime are
      // fields 14 to 17 of proc(5).
      String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
      return new long[] {
        Long.parseLong(f[1]),
        Long.parseLong(f[11]) + Long.parseLong(f[12]),
        Long.parseLong(f[13]) + Long.parseLong(f[14])
      };
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static long firstLineNumber(Path file) {
    try {
      return Long.parseLong(Files.readAllLines(file).get(0).trim());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The phases' table in markdown, and a warning naming those not measured on a quiet machine. */
  static String table(Map<String, Usage> phases) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "| CPU use per phase, cores on average (of %d) | seconds | service JVM | PostgreSQL |"
                + " harness | other processes |\n|---|---|---|---|---|---|\n",
            Runtime.getRuntime().availableProcessors()));
    List<String> busy = new ArrayList<>();
    phases.forEach(
        (name, u) -> {
          out.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %.1f | %s | %s | %.2f | %.2f |\n",
                  name,
                  u.seconds(),
                  Stats.num(u.service(), "%.2f"),
                  Stats.num(u.postgres(), "%.2f"),
                  u.harness(),
                  u.others()));
          if (u.others() > BUSY) {
            busy.add(name);
          }
        });
    out.append('\n');
    if (!busy.isEmpty()) {
      out.append(
              String.format(
                  Locale.ROOT,
                  "**Not a quiet machine**: other processes used more than %.2f cores during: %s."
                      + " Those figures are not the service's alone.\n",
                  BUSY,
                  String.join(", ", busy)))
          .append('\n');
    }
    return out.toString();
  }
}
