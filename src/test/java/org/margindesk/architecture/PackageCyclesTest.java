package org.margindesk.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No package of the service imports, through any chain of imports, a package that imports it back:
 * layers stay layers (for example the workflow uses the activities, and the activities never reach
 * the code that starts workflows).
 */
class PackageCyclesTest {
  private static final Path ROOT = Path.of("src/main/java/org/margindesk");
  private static final Pattern IMPORT =
      Pattern.compile(
          "^import (?:static )?org\\.margindesk\\.([a-z.]+)\\.[A-Z]", Pattern.MULTILINE);

  @Test
  void givenTheMainSources_whenTheirImportsAreFollowed_thenNoPackageReachesItself()
      throws IOException {
    Map<String, Set<String>> imports = imports();

    List<List<String>> cycles = new ArrayList<>();
    for (String start : imports.keySet()) {
      List<String> path = pathBack(start, start, imports, new TreeSet<>());
      if (path != null) {
        cycles.add(path);
      }
    }

    assertThat(cycles).as("package import cycles").isEmpty();
  }

  private static Map<String, Set<String>> imports() throws IOException {
    Map<String, Set<String>> imports = new TreeMap<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String from = ROOT.relativize(file.getParent()).toString().replace('/', '.');
        Set<String> targets = imports.computeIfAbsent(from, p -> new TreeSet<>());
        Matcher matcher = IMPORT.matcher(Files.readString(file));
        while (matcher.find()) {
          if (!matcher.group(1).equals(from)) {
            targets.add(matcher.group(1));
          }
        }
      }
    }
    return imports;
  }

  /** A chain of imports from {@code from} back to {@code target}, or null if there is none. */
  private static List<String> pathBack(
      String target, String from, Map<String, Set<String>> imports, Set<String> seen) {
    for (String next : imports.getOrDefault(from, Set.of())) {
      if (next.equals(target)) {
        return new ArrayList<>(List.of(from, next));
      }
      if (seen.add(next)) {
        List<String> rest = pathBack(target, next, imports, seen);
        if (rest != null) {
          rest.add(0, from);
          return rest;
        }
      }
    }
    return null;
  }
}
