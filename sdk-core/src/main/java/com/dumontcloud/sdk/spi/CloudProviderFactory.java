package com.dumontcloud.sdk.spi;

/**
 * Entry point of a provider module, found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/com.dumontcloud.sdk.spi.CloudProviderFactory}.
 */
public interface CloudProviderFactory {
  /** Static description; must not need configuration or network. */
  ProviderMetadata metadata();

  /** Higher wins when two factories share an id (equal priority with the same id is an error). */
  default int priority() {
    return 0;
  }

  /** Create a provider; called once per {@code Dumont} client. */
  CloudProvider create(ProviderContext context);
}
