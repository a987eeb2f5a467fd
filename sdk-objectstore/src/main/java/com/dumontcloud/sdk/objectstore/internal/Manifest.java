package com.dumontcloud.sdk.objectstore.internal;


import com.dumontcloud.sdk.spi.support.JsonCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A deployment's {@code manifest.json}: its stored versions, oldest first. The one codec of this form.
 *
 * <pre>{@code
 * {"format": 1, "deployment": "svc", "versions": [
 *   {"version": 3, "slot": "0", "key": "ckpt/svc/0/v3.tar.zst", "bytes": 1234, "sha256": "…",
 *    "compression": "zstd", "created_at": "2025-01-01T00:00:00Z", "instance": "i-1"}]}
 * }</pre>
 */
public final class Manifest {
  /**
   * Core exposes its codec publicly only through {@code ProviderContext.json()}, which a DataSync has no
   * access to; this is the one place this module reaches the internal instance, typed as the public SPI.
   */
  private static final JsonCodec JSON = JsonCodec.standard();

  /** One stored version. */
  public record Entry(long version, String slot, String key, long bytes, String sha256, String compression,
      Instant createdAt, String instance) {
    public Entry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(sha256, "sha256");
      Objects.requireNonNull(compression, "compression");
      Objects.requireNonNull(createdAt, "createdAt");
    }
  }

  private final String deployment;
  private final List<Entry> entries;

  public Manifest(String deployment, List<Entry> entries) {
    this.deployment = Objects.requireNonNull(deployment, "deployment");
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::version));
    this.entries = List.copyOf(sorted);
  }

  public static Manifest empty(String deployment) {
    return new Manifest(deployment, List.of());
  }

  public String deployment() {
    return deployment;
  }

  /** Oldest first. */
  public List<Entry> entries() {
    return entries;
  }

  public long maxVersion() {
    return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).version();
  }

  public Manifest with(Entry e) {
    List<Entry> l = new ArrayList<>();
    for (Entry x : entries) if (x.version() != e.version()) l.add(x);
    l.add(e);
    return new Manifest(deployment, l);
  }

  public Manifest withOnly(List<Entry> keep) {
    return new Manifest(deployment, keep);
  }

  public String toJson() {
    List<Object> vs = new ArrayList<>();
    for (Entry e : entries) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("version", e.version());
      m.put("slot", e.slot());
      m.put("key", e.key());
      m.put("bytes", e.bytes());
      m.put("sha256", e.sha256());
      m.put("compression", e.compression());
      m.put("created_at", e.createdAt().toString());
      m.put("instance", e.instance());
      vs.add(m);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", 1);
    root.put("deployment", deployment);
    root.put("versions", vs);
    return JSON.writePretty(root);
  }

  /**
   * Parse; a malformed manifest throws {@link IllegalArgumentException} with a one-line reason (the caller
   * names the object).
   */
  public static Manifest parse(String deployment, String json) {
    Object root;
    try {
      root = JSON.parse(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("it is not valid JSON");
    }
    if (!(root instanceof Map<?, ?> m)) throw new IllegalArgumentException("it is not a JSON object");
    Object vs = m.get("versions");
    if (vs == null) return empty(deployment);
    if (!(vs instanceof List<?> list)) throw new IllegalArgumentException("'versions' is not a list");
    List<Entry> out = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> e)) throw new IllegalArgumentException("a 'versions' entry is not an object");
      try {
        out.add(new Entry(num(e, "version"), str(e, "slot"), req(e, "key"), num(e, "bytes"), req(e, "sha256"),
            req(e, "compression"), Instant.parse(req(e, "created_at")), str(e, "instance")));
      } catch (java.time.format.DateTimeParseException x) {
        throw new IllegalArgumentException("a 'created_at' is not an ISO-8601 instant");
      }
    }
    return new Manifest(deployment, out);
  }

  private static long num(Map<?, ?> m, String k) {
    if (!(m.get(k) instanceof Number n)) throw new IllegalArgumentException("an entry has no numeric '" + k + "'");
    return n.longValue();
  }

  private static String req(Map<?, ?> m, String k) {
    if (!(m.get(k) instanceof String s) || s.isEmpty()) {
      throw new IllegalArgumentException("an entry has no '" + k + "'");
    }
    return s;
  }

  private static String str(Map<?, ?> m, String k) {
    return m.get(k) instanceof String s ? s : null;
  }
}
