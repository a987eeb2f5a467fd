package com.dumontcloud.cli;

import com.dumontcloud.sdk.engine.DeploymentSpec;
import com.dumontcloud.sdk.engine.store.StateStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * {@code deployments apply --dry-run}: the spec against the stored one, field by field (like {@code kubectl
 * diff}): {@code +} added, {@code -} removed, {@code ~} changed with before → after. Reads the engine's journal
 * and writes nothing.
 */
final class SpecDiff {
  private SpecDiff() {}

  record Change(String op, String path, Object before, Object after) {}

  static void print(DeploymentSpec spec, Output out) {
    Map<String, Object> stored = stored(spec.id());
    Map<String, Object> after = flatten(spec.toMap());
    Map<String, Object> before = stored == null ? Map.of() : flatten(stored);
    List<Change> changes = diff(before, after);
    String action = stored == null ? "create" : changes.isEmpty() ? "unchanged" : "update";
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("id", spec.id());
    tree.put("dry_run", true);
    tree.put("action", action);
    tree.put("changes", changes.stream().map(c -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("op", c.op().equals("+") ? "added" : c.op().equals("-") ? "removed" : "changed");
      m.put("path", c.path());
      m.put("before", c.before());
      m.put("after", c.after());
      return m;
    }).toList());
    if (out.printData(tree)) return;
    switch (action) {
      case "create" -> System.out.println("deployment " + spec.id() + " would be created (dry run, nothing changed):");
      case "unchanged" -> {
        System.out.println("deployment " + spec.id() + " is unchanged (dry run)");
        return;
      }
      default -> System.out.println("deployment " + spec.id() + " would change (dry run, nothing changed):");
    }
    for (Change c : changes) {
      switch (c.op()) {
        case "+" -> System.out.println("  + " + c.path() + ": " + Fmt.value(c.after()));
        case "-" -> System.out.println("  - " + c.path() + ": " + Fmt.value(c.before()));
        default -> System.out.println("  ~ " + c.path() + ": " + Fmt.value(c.before()) + " → " + Fmt.value(c.after()));
      }
    }
  }

  /** The stored spec of a live (not deleted) deployment, or null. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> stored(String id) {
    java.nio.file.Path journal = CliContext.home().resolve("engine").resolve("journal.jsonl");
    if (!java.nio.file.Files.exists(journal)) return null;
    try (StateStore store = StateStore.fileJournal(journal)) {
      Map<String, Object> rec = store.loadAll().get(id);
      if (rec == null || Boolean.TRUE.equals(rec.get("deleted")) || !(rec.get("spec") instanceof Map<?, ?> m)) return null;
      Map<String, Object> spec = (Map<String, Object>) m;
      try {
        return DeploymentSpec.fromMap(spec).toMap(); // the same normal form as the new spec's
      } catch (RuntimeException unreadable) {
        return spec;
      }
    }
  }

  static List<Change> diff(Map<String, Object> before, Map<String, Object> after) {
    TreeSet<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    List<Change> out = new ArrayList<>();
    // replicas first: the change people look for
    List<String> ordered = new ArrayList<>(keys);
    ordered.sort((a, b) -> a.equals("replicas") ? -1 : b.equals("replicas") ? 1 : a.compareTo(b));
    for (String k : ordered) {
      boolean hb = before.containsKey(k);
      boolean ha = after.containsKey(k);
      Object b = before.get(k);
      Object a = after.get(k);
      if (hb && !ha) out.add(new Change("-", k, b, null));
      else if (!hb && ha) out.add(new Change("+", k, null, a));
      else if (!Objects.equals(Fmt.value(b), Fmt.value(a))) out.add(new Change("~", k, b, a));
    }
    return out;
  }

  /** Nested maps to dotted paths; lists of scalars stay values, lists of maps get [i] paths. */
  static Map<String, Object> flatten(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    flatten("", m, out);
    return out;
  }

  private static void flatten(String prefix, Object v, Map<String, Object> out) {
    if (v instanceof Map<?, ?> m) {
      if (m.isEmpty() && !prefix.isEmpty()) return;
      m.forEach((k, x) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, x, out));
    } else if (v instanceof List<?> l && l.stream().anyMatch(x -> x instanceof Map)) {
      for (int i = 0; i < l.size(); i++) flatten(prefix + "[" + i + "]", l.get(i), out);
    } else if (v != null && !(v instanceof List<?> l2 && l2.isEmpty())) {
      out.put(prefix, v);
    }
  }
}
