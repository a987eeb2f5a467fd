package com.dumontcloud.cli;

import com.dumontcloud.sdk.spi.ConfigKey;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code dumont config view|set|use-context|get-contexts}: {@code $DUMONT_HOME/config.yaml}. */
@Command(name = "config", description = {"Show and change the CLI's settings: contexts, providers, OIDC, quotas.",
    "They live in $DUMONT_HOME/config.yaml (owner-only, 0600): contexts with their",
    "default providers, per-provider settings such as API keys, the CLI's own",
    "settings (currency, fx, webhooks, oidc for 'dumont serve') and team quotas.",
    "Precedence: a flag > the environment > config.yaml > the built-in default."},
    subcommands = {ConfigCommand.View.class, ConfigCommand.Set.class, ConfigCommand.UseContext.class,
        ConfigCommand.GetContexts.class},
    footer = {"", "Examples:", "  dumont config set providers vast,sim           # this context's providers",
        "  dumont config set providers.vast.api-key \"$KEY\" # stored 0600, never shown",
        "  dumont config set contexts.cheap.providers vast", "  dumont config use-context cheap",
        "  dumont config set oidc.issuer https://keycloak.example.com/realms/ml",
        "  dumont config set quotas.ml-research.max-concurrent-instances 4",
        "  dumont config view"})
final class ConfigCommand {
  private ConfigCommand() {}

  @Command(name = "view", description = "Show the settings in effect (secrets redacted) and where each comes from.")
  static final class View implements Runnable {
    @Mixin Output out;

    @Override
    public void run() {
      out.check();
      CliConfig c = CliConfig.load();
      Map<String, ProviderMetadata> reg = DumontCli.registered();
      Map<String, Object> tree = new LinkedHashMap<>();
      tree.put("file", c.file().toString());
      tree.put("default_providers", c.defaultProviders());
      tree.put("default_providers_from", c.defaultProvidersSource());
      tree.putAll(c.redacted(reg));
      if (out.printData(tree)) return;
      System.out.println("file:               " + c.file() + (java.nio.file.Files.exists(c.file()) ? "" : " (not created yet)"));
      System.out.println("current context:    " + c.contextName());
      System.out.println("default providers:  " + String.join(", ", c.defaultProviders()) + " (from "
          + c.defaultProvidersSource() + ")");
      Table t = new Table("PROVIDER", "SETTING", "VALUE", "FROM");
      for (ProviderMetadata m : reg.values()) {
        Map<String, String> file = c.providerSettings().getOrDefault(m.id(), Map.of());
        for (ConfigKey k : m.configKeys()) {
          String from = source(m.id(), k, file.get(k.key()) != null);
          if (from == null) continue;
          String v = k.secret() ? CliConfig.REDACTED : value(m.id(), k, file.get(k.key()));
          t.row(m.id(), k.key(), v, from);
        }
      }
      System.out.println();
      if (t.isEmpty()) System.out.println("no provider settings (set one with: dumont config set providers.vast.api-key KEY)");
      else t.shrink("VALUE").print(System.out, out.wide());
      Table settings = new Table("SETTING", "VALUE", "FROM");
      for (CliSettings.Setting s : CliSettings.SETTINGS) {
        String from = CliSettings.source(s.key(), c);
        if (!from.equals("default")) settings.row(s.key(), CliSettings.value(s.key(), c), from.split(" ")[0]);
      }
      if (!settings.isEmpty()) {
        System.out.println();
        settings.shrink("VALUE").print(System.out, out.wide());
      }
      Table quotas = new Table("TEAM", "QUOTA", "VALUE");
      c.quotas().forEach((team, kv) -> kv.forEach((k, v) -> quotas.row(team, k, v == null ? "" : v)));
      if (!quotas.isEmpty()) {
        System.out.println();
        quotas.print(System.out, out.wide());
      }
    }

    /** Where a key's value comes from, highest precedence first; null when unset. */
    static String source(String provider, ConfigKey k, boolean inFile) {
      if (System.getProperty(k.propertyName(provider)) != null) return "property " + k.propertyName(provider);
      if (System.getenv(k.envName(provider)) != null) return "env " + k.envName(provider);
      for (String e : k.extraEnv()) if (System.getenv(e) != null) return "env " + e;
      if (inFile) return "config.yaml";
      return null;
    }

    private static String value(String provider, ConfigKey k, String inFile) {
      String v = System.getProperty(k.propertyName(provider));
      if (v == null) v = System.getenv(k.envName(provider));
      for (String e : k.extraEnv()) if (v == null) v = System.getenv(e);
      return v != null ? v : inFile;
    }
  }

  @Command(name = "set", description = "Set a value in config.yaml.",
      footer = {"", "Keys:", "  providers                   the current context's providers (comma-separated)",
          "  contexts.NAME.providers     the providers of context NAME (creates it)",
          "  current-context             the context in use",
          "  providers.ID.SETTING        a provider setting, e.g. providers.vast.api-key",
          "                              (settings: see 'dumont providers')",
          "  currency, fx.*, webhooks.file, oidc.issuer, oidc.audience, oidc.groups-claim,",
          "  oidc.role-mapping           the CLI's settings (docs/configuration.md)",
          "  quotas.TEAM.KEY             a team quota; KEY: max-concurrent-instances,",
          "                              max-gpu-hours-per-month, max-monthly-budget-usd,",
          "                              warn-at-gpu-hours-percent, warn-at-budget-percent"})
  static final class Set implements Runnable {
    @Parameters(index = "0", paramLabel = "KEY", description = "What to set (see Keys below).")
    String key;

    @Parameters(index = "1", paramLabel = "VALUE", description = "The value.")
    String value;

    @Override
    public void run() {
      Map<String, ProviderMetadata> reg = DumontCli.registered();
      CliConfig c = CliConfig.load();
      c.set(key.trim(), value.trim(), reg);
      c.save();
      String[] p = key.split("\\.");
      boolean secret = p.length == 3 && p[0].equals("providers") && CliConfig.isSecret(reg.get(p[1]), p[2]);
      System.out.println("set " + key + " = " + (secret ? CliConfig.REDACTED : value) + " in " + c.file());
    }
  }

  @Command(name = "use-context", description = "Switch the current context.")
  static final class UseContext implements Runnable {
    @Parameters(paramLabel = "NAME", description = "A context from 'dumont config get-contexts'.")
    String name;

    @Override
    public void run() {
      CliConfig c = CliConfig.load();
      c.useContext(name.trim());
      c.save();
      System.out.println("switched to context " + name + " (providers: "
          + String.join(", ", c.contexts().get(name.trim()).isEmpty() ? List.of("sim") : c.contexts().get(name.trim())) + ")");
    }
  }

  @Command(name = "get-contexts", description = "List the contexts; * marks the current one.")
  static final class GetContexts implements Runnable {
    @Mixin Output out;

    @Override
    public void run() {
      out.check();
      CliConfig c = CliConfig.load();
      Map<String, List<String>> all = new LinkedHashMap<>(c.contexts());
      all.putIfAbsent(c.contextName(), c.defaultProviders());
      if (out.printData(Map.of("current_context", c.contextName(), "contexts", all))) return;
      Table t = new Table("CURRENT", "NAME", "PROVIDERS");
      all.forEach((n, ps) -> t.row(n.equals(c.contextName()) ? "*" : " ", n, ps.isEmpty() ? "sim" : String.join(", ", ps)));
      t.print(System.out, out.wide());
    }
  }
}
