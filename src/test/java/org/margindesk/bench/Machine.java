package org.margindesk.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The machine the figures were measured on. */
final class Machine {
  private Machine() {}

  static String cpuModel() {
    return procLine("/proc/cpuinfo", "model name");
  }

  static String memory() {
    String total = procLine("/proc/meminfo", "MemTotal");
    try {
      long kb = Long.parseLong(total.replace("kB", "").trim());
      return String.format(Locale.ROOT, "%.1f GiB", kb / 1048576.0);
    } catch (NumberFormatException e) {
      return total;
    }
  }

  /** The output of {@code java -version} of the JVM running the harness (the same java). */
  static String javaVersion() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    try {
      Process p = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return text.lines().map(String::trim).collect(Collectors.joining("; "));
    } catch (IOException e) {
      return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return System.getProperty("java.runtime.version");
    }
  }

  private static String procLine(String file, String key) {
    try {
      List<String> lines = Files.readAllLines(Path.of(file));
      for (String line : lines) {
        if (line.startsWith(key)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
      return "unknown";
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
