package org.margindesk.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the three parts of the outage suite share: the API, the ledger, the stub, the figures. */
final class OutageContext {
  final Api api;
  final Ledger ledger;
  final Lifecycles lifecycles;
  final Invariants invariants;
  final FaultyExchange exchange;
  final Path work;
  final int postgresPort;
  final int jmxPort;
  final String prefix;
  final List<Invariants.Check> checks = new ArrayList<>();
  final List<String[]> figures = new ArrayList<>();

  OutageContext(
      String base, Path work, int postgresPort, int jmxPort, String run, FaultyExchange exchange) {
    this.api = new Api(base);
    this.work = work;
    this.postgresPort = postgresPort;
    this.jmxPort = jmxPort;
    this.exchange = exchange;
    this.prefix = "out-" + run + "-";
    this.ledger = new Ledger(work.resolve("ledger.tsv"));
    this.lifecycles = new Lifecycles(api, ledger, run);
    this.invariants = new Invariants(api, postgresPort, ledger, prefix);
  }

  String account(String name) {
    return prefix + name;
  }

  void check(String name, boolean passed, String detail) {
    Invariants.Check check = new Invariants.Check(name, passed, detail);
    System.out.println(check);
    checks.add(check);
  }

  void add(Invariants.Check check) {
    System.out.println(check);
    checks.add(check);
  }

  void figure(String part, String what, Object value) {
    figures.add(new String[] {part, what, String.valueOf(value)});
  }

  long logSize() throws IOException {
    return Files.size(work.resolve("service.log"));
  }

  String logSince(long offset) throws IOException {
    byte[] all = Files.readAllBytes(work.resolve("service.log"));
    int from = (int) Math.min(offset, all.length);
    return new String(all, from, all.length - from, StandardCharsets.UTF_8);
  }

  static String seconds(long nanos) {
    return String.format("%.1f", nanos / 1e9);
  }
}
