package com.dumontcloud.sdk.internal.provider;

import com.dumontcloud.sdk.exception.ConfigurationException;
import com.dumontcloud.sdk.exception.NoSuchProviderException;
import com.dumontcloud.sdk.spi.CloudProviderFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Provider discovery through {@link ServiceLoader}: indexed by id, highest priority wins, ties fail fast. */
public final class ProviderRegistry {
  private static final Logger log = LoggerFactory.getLogger(ProviderRegistry.class);
  private final Map<String, CloudProviderFactory> byId;

  private ProviderRegistry(Map<String, CloudProviderFactory> byId) {
    this.byId = byId;
  }

  /** Discover with the thread context class loader, falling back to this library's loader. */
  public static ProviderRegistry discover() {
    List<CloudProviderFactory> found = new ArrayList<>();
    ClassLoader tccl = Thread.currentThread().getContextClassLoader();
    if (tccl != null) ServiceLoader.load(CloudProviderFactory.class, tccl).forEach(found::add);
    if (found.isEmpty()) ServiceLoader.load(CloudProviderFactory.class, ProviderRegistry.class.getClassLoader()).forEach(found::add);
    return of(found);
  }

  /** Index the given factories; two with the same id and priority is an error naming both classes. */
  public static ProviderRegistry of(Collection<CloudProviderFactory> factories) {
    Map<String, CloudProviderFactory> byId = new TreeMap<>();
    for (CloudProviderFactory f : factories) {
      String id = f.metadata().id();
      CloudProviderFactory other = byId.get(id);
      if (other == null) {
        byId.put(id, f);
      } else if (other.getClass().equals(f.getClass())) {
        continue; // the same jar seen through two class loaders
      } else if (other.priority() == f.priority()) {
        throw new ConfigurationException("two provider factories share the id '" + id + "' with priority "
            + f.priority() + ": " + other.getClass().getName() + " and " + f.getClass().getName()
            + "; remove one from the classpath or give one a higher priority()");
      } else if (f.priority() > other.priority()) {
        byId.put(id, f);
      }
      log.debug("[provider={}] chose {} (priority {})", id, byId.get(id).getClass().getName(), byId.get(id).priority());
    }
    return new ProviderRegistry(new LinkedHashMap<>(byId));
  }

  public CloudProviderFactory get(String id) {
    CloudProviderFactory f = byId.get(id);
    if (f == null) {
      throw new NoSuchProviderException("unknown provider '" + id + "'; known providers: "
          + (byId.isEmpty() ? "(none on the classpath)" : String.join(", ", byId.keySet())));
    }
    return f;
  }

  public boolean contains(String id) {
    return byId.containsKey(id);
  }

  public Collection<CloudProviderFactory> factories() {
    return byId.values();
  }
}
