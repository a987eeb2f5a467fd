package com.dumontcloud.sdk.internal.provider;

import com.dumontcloud.sdk.Secret;
import com.dumontcloud.sdk.spi.ConfigKey;
import com.dumontcloud.sdk.spi.ProviderConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolution order: builder value &gt; system property {@code dumont.<provider>.<key>} &gt; env
 * {@code DUMONT_<PROVIDER>_<KEY>} &gt; the provider's customary env names &gt; default.
 */
public final class ConfigResolver implements ProviderConfig {
  private final String providerId;
  private final Map<String, String> builderValues;
  private final Map<String, Secret> builderSecrets;
  private final List<ConfigKey> keys;
  private final Function<String, String> sysProps;
  private final Function<String, String> env;

  public ConfigResolver(String providerId, Map<String, String> builderValues, Map<String, Secret> builderSecrets,
      List<ConfigKey> keys, Function<String, String> sysProps, Function<String, String> env) {
    this.providerId = providerId;
    this.builderValues = Map.copyOf(builderValues);
    this.builderSecrets = Map.copyOf(builderSecrets);
    this.keys = List.copyOf(keys);
    this.sysProps = sysProps;
    this.env = env;
  }

  private ConfigKey key(String name) {
    return keys.stream().filter(k -> k.key().equals(name)).findFirst()
        .orElse(new ConfigKey(name, "", false, null, List.of()));
  }

  private Optional<String> raw(String name) {
    ConfigKey k = key(name);
    String v = builderValues.get(name);
    if (isSet(v)) return Optional.of(v.strip());
    v = sysProps.apply(k.propertyName(providerId));
    if (isSet(v)) return Optional.of(v.strip());
    v = env.apply(k.envName(providerId));
    if (isSet(v)) return Optional.of(v.strip());
    for (String e : k.extraEnv()) {
      v = env.apply(e);
      if (isSet(v)) return Optional.of(v.strip());
    }
    return Optional.ofNullable(k.defaultValue());
  }

  private static boolean isSet(String v) {
    return v != null && !v.isBlank();
  }

  @Override
  public Optional<String> get(String name) {
    if (key(name).secret()) return Optional.empty();
    return raw(name);
  }

  @Override
  public Optional<Secret> secret(String name) {
    Secret s = builderSecrets.get(name);
    if (s != null) return Optional.of(s);
    return raw(name).map(Secret::of);
  }

  @Override
  public String describe(String name) {
    ConfigKey k = key(name);
    StringBuilder sb = new StringBuilder(k.propertyName(providerId)).append(" / ").append(k.envName(providerId));
    k.extraEnv().forEach(e -> sb.append(" / ").append(e));
    return sb.toString();
  }

  /** Names of keys that have a value from any source (never the values). */
  public List<String> keysSet() {
    return keys.stream()
        .filter(k -> builderValues.containsKey(k.key()) || builderSecrets.containsKey(k.key())
            || isSet(sysProps.apply(k.propertyName(providerId))) || isSet(env.apply(k.envName(providerId)))
            || k.extraEnv().stream().anyMatch(e -> isSet(env.apply(e))))
        .map(ConfigKey::key).toList();
  }
}
