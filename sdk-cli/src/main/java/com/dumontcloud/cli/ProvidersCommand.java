package com.dumontcloud.cli;

import com.dumontcloud.sdk.spi.CloudProviderFactory;
import com.dumontcloud.sdk.spi.ConfigKey;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code dumont providers}: discovered providers, capabilities, which config keys are set (never values). */
@Command(name = "providers", description = {"List the registered providers, their capabilities and which settings are set.",
    "Values are never shown. Set a key by env, system property or",
    "'dumont config set providers.ID.KEY VALUE'."})
final class ProvidersCommand implements Runnable {
  @Mixin Output out;

  @Override
  public void run() {
    out.check();
    Map<String, ProviderMetadata> byId = DumontCli.registered();
    CliConfig cfg = CliConfig.load();
    List<Object> out = new ArrayList<>();
    Table t = new Table("ID", "NAME", "CAPABILITIES", "CONFIG SET", "CONFIG KEYS").shrink("CAPABILITIES", "CONFIG KEYS").wideOnly("CONFIG KEYS");
    for (ProviderMetadata m : byId.values()) {
      List<String> set = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      for (ConfigKey k : m.configKeys()) {
        keys.add(k.key());
        boolean isSet = present(System.getProperty(k.propertyName(m.id()))) || present(System.getenv(k.envName(m.id())))
            || k.extraEnv().stream().anyMatch(e -> present(System.getenv(e)))
            || present(cfg.providerSettings().getOrDefault(m.id(), Map.of()).get(k.key()));
        if (isSet) set.add(k.key());
      }
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("id", m.id());
      j.put("name", m.displayName());
      j.put("base_url", m.defaultBaseUrl());
      j.put("capabilities", m.capabilities().stream().map(c -> c.name().toLowerCase()).toList());
      j.put("config_keys", m.configKeys().stream().map(k -> {
        Map<String, Object> km = new LinkedHashMap<>();
        km.put("key", k.key());
        km.put("property", k.propertyName(m.id()));
        km.put("env", k.envName(m.id()));
        km.put("extra_env", k.extraEnv());
        km.put("secret", k.secret());
        km.put("set", set.contains(k.key()));
        return km;
      }).toList());
      out.add(j);
      t.row(m.id(), m.displayName(), String.join(",", m.capabilities().stream().map(c -> c.name().toLowerCase()).toList()),
          set.isEmpty() ? "-" : String.join(",", set), String.join(",", keys));
    }
    if (!this.out.printData(out)) t.print(System.out, this.out.wide());
  }

  private static boolean present(String v) {
    return v != null && !v.isBlank();
  }
}
