package org.margindesk.api.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.margindesk.api.fuzz.ApiOperations.Operation;
import org.margindesk.api.fuzz.HostileRequestsFuzzTest.Sent;

/**
 * The fuzz suite's figures, printed for docs/reliability.md, and every request with its answer in
 * {@code target/fuzz/answers.tsv} for whoever needs to see what a given input got.
 */
final class FuzzReport {
  private static final Pattern DETAIL = Pattern.compile("\"detail\":\"((?:[^\"\\\\]|\\\\.)*)\"");

  private FuzzReport() {}

  static void print(
      long seed, int tries, List<Operation> operations, Set<String> covered, List<Sent> sent)
      throws IOException {
    Map<Integer, Integer> statuses = new TreeMap<>();
    sent.forEach(s -> statuses.merge(s.answer().status(), 1, Integer::sum));
    long fiveXx = sent.stream().filter(s -> s.answer().status() >= 500).count();
    long codec = sent.stream().filter(s -> s.answer().isCodecRefusal()).count();
    List<Sent> slowest =
        sent.stream()
            .sorted(Comparator.comparingLong((Sent s) -> s.answer().micros()).reversed())
            .limit(5)
            .toList();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format("%n=== fuzz: seed %d, %d generated tries per operation ===%n", seed, tries));
    out.append(
        String.format(
            "operations in the OpenAPI document: %d; fuzzed: %d%n",
            operations.size(), covered.size()));
    out.append(
        String.format(
            "requests sent: %d; 5xx: %d; refused by the HTTP codec (bare 400/414/431): %d%n",
            sent.size(), fiveXx, codec));
    out.append(String.format("answers by status: %s%n", statuses));
    out.append(
        String.format(
            "max latency: %.1f ms; the slowest answers:%n",
            slowest.get(0).answer().micros() / 1000.0));
    slowest.forEach(
        s ->
            out.append(
                String.format(
                    "  %7.1f ms  %d  %s%n",
                    s.answer().micros() / 1000.0, s.answer().status(), s.request())));
    System.out.print(out);

    Path dir = Path.of("target", "fuzz");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("figures.txt"), out.toString(), StandardCharsets.UTF_8);
    StringBuilder tsv = new StringBuilder("route\tinput\tstatus\tms\tdetail\n");
    for (Sent s : sent) {
      Matcher detail = DETAIL.matcher(s.answer().body());
      tsv.append(s.request().operation().route())
          .append('\t')
          .append(clean(s.request().what()))
          .append('\t')
          .append(s.answer().status())
          .append('\t')
          .append(String.format("%.1f", s.answer().micros() / 1000.0))
          .append('\t')
          .append(detail.find() ? clean(detail.group(1)) : "")
          .append('\n');
    }
    Files.writeString(dir.resolve("answers.tsv"), tsv.toString(), StandardCharsets.UTF_8);
  }

  private static String clean(String text) {
    String flat = text.replaceAll("[\\t\\r\\n]", " ");
    return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
  }
}
