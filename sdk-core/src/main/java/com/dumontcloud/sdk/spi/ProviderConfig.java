package com.dumontcloud.sdk.spi;

import com.dumontcloud.sdk.Secret;
import java.util.Optional;

/** Resolved configuration of one provider (builder > system property > env > default). */
public interface ProviderConfig {
  /** The value of a key, or empty. */
  Optional<String> get(String key);

  /** A credential, or empty. */
  Optional<Secret> secret(String key);

  /** Where a key can be set, for error messages: "dumont.vast.api-key / DUMONT_VAST_API_KEY / VAST_API_KEY". */
  String describe(String key);

  default String getOrDefault(String key, String def) {
    return get(key).orElse(def);
  }
}
