package com.dumontcloud.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

/** Per-provider settings given on the {@link Dumont.Builder}; they win over properties and env. */
public final class ProviderSettings {
  final Map<String, String> values = new LinkedHashMap<>();
  final Map<String, Secret> secrets = new LinkedHashMap<>();

  ProviderSettings() {}

  /** The API key (sets {@code api-key}). A null secret is ignored, so {@code Secret.fromEnv} may be passed. */
  public ProviderSettings apiKey(Secret key) {
    if (key != null) secrets.put("api-key", key);
    return this;
  }

  /** The API base URL, e.g. a proxy or a fake server in tests. */
  public ProviderSettings baseUrl(String url) {
    return set("base-url", url);
  }

  /** Any provider config key. */
  public ProviderSettings set(String key, String value) {
    values.put(key, value);
    return this;
  }

  /** Any secret config key. */
  public ProviderSettings secret(String key, Secret value) {
    if (value != null) secrets.put(key, value);
    return this;
  }

  @Override
  public String toString() {
    return "ProviderSettings" + values.keySet() + " secrets=" + secrets.keySet();
  }
}
