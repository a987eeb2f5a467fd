package com.dumontcloud.sdk.spi;

import java.util.List;

/**
 * A configuration key of a provider. Resolution order: builder value, system property
 * {@code dumont.<provider>.<key>}, env {@code DUMONT_<PROVIDER>_<KEY>}, the provider's customary env names
 * ({@link #extraEnv()}), then {@link #defaultValue()}.
 *
 * @param key key name, kebab-case (e.g. "api-key", "base-url")
 * @param description what it is for
 * @param secret whether the value is a credential (never printed)
 * @param defaultValue default, or null
 * @param extraEnv customary env names, e.g. VAST_API_KEY
 */
public record ConfigKey(String key, String description, boolean secret, String defaultValue, List<String> extraEnv) {
  public ConfigKey {
    extraEnv = extraEnv == null ? List.of() : List.copyOf(extraEnv);
  }

  public static ConfigKey of(String key, String description, String defaultValue) {
    return new ConfigKey(key, description, false, defaultValue, List.of());
  }

  public static ConfigKey secret(String key, String description, String... extraEnv) {
    return new ConfigKey(key, description, true, null, List.of(extraEnv));
  }

  /** {@code dumont.<provider>.<key>} */
  public String propertyName(String providerId) {
    return "dumont." + providerId + "." + key;
  }

  /** {@code DUMONT_<PROVIDER>_<KEY>} with dashes and dots as underscores. */
  public String envName(String providerId) {
    return ("DUMONT_" + providerId + "_" + key).toUpperCase(java.util.Locale.ROOT).replace('-', '_').replace('.', '_');
  }
}
