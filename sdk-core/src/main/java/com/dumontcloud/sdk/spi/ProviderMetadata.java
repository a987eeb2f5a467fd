package com.dumontcloud.sdk.spi;

import java.util.List;
import java.util.Set;

/**
 * What a provider is, readable without creating it.
 *
 * @param id provider id, lower case ("vast", "sim")
 * @param displayName human name
 * @param defaultBaseUrl default API endpoint, or null
 * @param docsUrl documentation URL, or null
 * @param configKeys configuration keys
 * @param capabilities supported capabilities
 */
public record ProviderMetadata(
    String id, String displayName, String defaultBaseUrl, String docsUrl, List<ConfigKey> configKeys,
    Set<Capability> capabilities) {
  public ProviderMetadata {
    java.util.Objects.requireNonNull(id, "id");
    configKeys = List.copyOf(configKeys);
    capabilities = capabilities.isEmpty() ? Set.of() : java.util.EnumSet.copyOf(capabilities);
  }
}
