package com.dumontcloud.sdk.testkit.vast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SSH keys of the fake: keys attached per instance ({@code POST /api/v0/instances/{id}/ssh/}) and account keys
 * ({@code GET/POST /api/v0/ssh/}). A key sent twice is answered the way Vast was seen to answer it, "SSH key already
 * associated with instance." (400 {@code success: false} here; the real status is undocumented). Not thread-safe on
 * its own: {@link FakeVastServer} calls it under its lock.
 */
final class FakeVastSshKeys {
  /** What a route answers: status and JSON body. */
  record Reply(int status, Object body) {}

  private final Map<Long, Set<String>> attached = new LinkedHashMap<>();
  private final List<Map<String, Object>> account = new ArrayList<>();
  private long nextAccountKeyId = 7_001;

  Reply attach(long instanceId, Object request) {
    String key = key(request);
    if (key == null) return invalid("ssh_key is required");
    if (!attached.computeIfAbsent(instanceId, k -> new LinkedHashSet<>()).add(key)) {
      return new Reply(400, Map.of("success", false, "error", "invalid_args",
          "msg", "SSH key already associated with instance."));
    }
    return new Reply(200, Map.of("success", true, "msg", "SSH key added to instance " + instanceId + "."));
  }

  Reply listAccount() {
    return new Reply(200, List.copyOf(account));
  }

  Reply addAccount(Object request) {
    String key = key(request);
    if (key == null) return invalid("ssh_key is required");
    for (Map<String, Object> k : account) {
      if (key.equals(k.get("public_key"))) {
        return new Reply(400, Map.of("success", false, "error", "invalid_args", "msg", "SSH key already exists."));
      }
    }
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("id", nextAccountKeyId++);
    k.put("public_key", key);
    k.put("created_at", "2026-08-20T12:00:00Z");
    account.add(k);
    return new Reply(200, Map.of("success", true, "key", k));
  }

  List<String> attached(long instanceId) {
    return List.copyOf(attached.getOrDefault(instanceId, Set.of()));
  }

  List<String> account() {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> k : account) out.add(String.valueOf(k.get("public_key")));
    return out;
  }

  void forget(long instanceId) {
    attached.remove(instanceId);
  }

  /** The key as sent, stripped. */
  private static String key(Object request) {
    if (!(request instanceof Map<?, ?> m) || !(m.get("ssh_key") instanceof String s) || s.isBlank()) return null;
    return s.strip();
  }

  private static Reply invalid(String msg) {
    return new Reply(400, Map.of("success", false, "error", "invalid_args", "msg", "error 400/1782: Invalid args: " + msg));
  }
}
