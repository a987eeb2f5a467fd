package com.dumontcloud.cli;

import com.dumontcloud.sdk.spi.ConfigKey;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code $DUMONT_HOME/config.yaml}: contexts (each a list of default providers), per-provider settings, the CLI's
 * settings ({@link CliSettings}) and team quotas ({@link CliQuotas}). Written with owner-only permissions (0600)
 * because it may hold API keys. Precedence, highest first: a flag, the environment ({@code DUMONT_PROVIDERS},
 * {@code DUMONT_CONTEXT}, {@code DUMONT_<PROVIDER>_<KEY>} and the provider's customary variables, a setting's
 * variable), this file, the built-in default.
 *
 * <pre>
 * current-context: default
 * contexts:
 *   default:
 *     providers: [sim]
 * providers:
 *   vast:
 *     api-key: ...
 * oidc:
 *   issuer: https://keycloak.example.com/realms/ml
 *   audience: dumont
 * quotas:
 *   ml-research:
 *     max-concurrent-instances: 4
 * </pre>
 */
final class CliConfig {
  static final String FILE = "config.yaml";
  static final String DEFAULT_CONTEXT = "default";
  static final String REDACTED = "<redacted>";

  private final Path file;
  private String currentContext;
  private final Map<String, List<String>> contexts = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> providers = new LinkedHashMap<>();
  private final Map<String, String> settings = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> quotas = new LinkedHashMap<>();

  private CliConfig(Path file) {
    this.file = file;
  }

  static Path path() {
    return CliContext.home().resolve(FILE);
  }

  /** The config of {@code $DUMONT_HOME} (empty when there is no file). */
  static CliConfig load() {
    return load(path());
  }

  @SuppressWarnings("unchecked")
  static CliConfig load(Path file) {
    CliConfig c = new CliConfig(file);
    if (!Files.isRegularFile(file)) return c;
    Object tree;
    try {
      tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + " is not valid YAML (" + DumontCli.oneLine(e.getMessage())
          + "); fix it or remove it");
    }
    if (tree == null) return c;
    if (!(tree instanceof Map<?, ?> root)) throw new IllegalArgumentException(file + " must hold a mapping");
    for (Map.Entry<?, ?> e : root.entrySet()) {
      String k = String.valueOf(e.getKey());
      switch (k) {
        case "current-context" -> c.currentContext = e.getValue() == null ? null : String.valueOf(e.getValue());
        case "contexts" -> {
          if (!(e.getValue() instanceof Map<?, ?> m)) throw bad(file, "contexts", "a mapping of name: {providers: [...]}");
          m.forEach((name, v) -> {
            Object ps = v instanceof Map<?, ?> vm ? vm.get("providers") : null;
            c.contexts.put(String.valueOf(name), providerList(ps, file, "contexts." + name + ".providers"));
          });
        }
        case "providers" -> {
          if (!(e.getValue() instanceof Map<?, ?> m)) throw bad(file, "providers", "a mapping of provider: {key: value}");
          m.forEach((p, v) -> {
            if (!(v instanceof Map<?, ?> vm)) throw bad(file, "providers." + p, "a mapping of key: value");
            Map<String, String> kv = new LinkedHashMap<>();
            vm.forEach((kk, vv) -> kv.put(String.valueOf(kk), vv == null ? null : String.valueOf(vv)));
            c.providers.put(String.valueOf(p), kv);
          });
        }
        case "quotas" -> {
          if (!(e.getValue() instanceof Map<?, ?> m)) {
            throw bad(file, "quotas", "a mapping of team: {max-concurrent-instances: N, ...}");
          }
          m.forEach((team, v) -> {
            if (!(v instanceof Map<?, ?> vm)) {
              throw bad(file, "quotas." + team, "a mapping of quota key: value (keys: " + CliQuotas.keyNames() + ")");
            }
            Map<String, String> kv = new LinkedHashMap<>();
            vm.forEach((kk, vv) -> {
              try {
                CliQuotas.requireKey(String.valueOf(team), String.valueOf(kk));
              } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException(file + ": " + unknown.getMessage());
              }
              kv.put(String.valueOf(kk), vv == null ? null : String.valueOf(vv));
            });
            c.quotas.put(String.valueOf(team), kv);
          });
        }
        default -> {
          if (CliSettings.setting(k) != null) {
            c.settings.put(k, e.getValue() == null ? null : String.valueOf(e.getValue()));
          } else if (CliSettings.isSection(k)) {
            if (!(e.getValue() instanceof Map<?, ?> m)) throw bad(file, k, "a mapping of key: value");
            m.forEach((kk, vv) -> {
              String key = k + "." + kk;
              if (CliSettings.setting(key) == null) {
                throw new IllegalArgumentException(file + ": unknown key '" + key + "' (known: " + CliSettings.keys()
                    + ")");
              }
              c.settings.put(key, vv == null ? null : String.valueOf(vv));
            });
          } else {
            throw new IllegalArgumentException(file + ": unknown key '" + k + "' (known: current-context, contexts, "
                + "providers, quotas, " + String.join(", ", sections()) + ")");
          }
        }
      }
    }
    return c;
  }

  private static List<String> providerList(Object v, Path file, String at) {
    if (v == null) return List.of();
    if (v instanceof String s) return split(s);
    if (v instanceof List<?> l) return l.stream().map(String::valueOf).toList();
    throw bad(file, at, "a list of provider ids");
  }

  private static IllegalArgumentException bad(Path file, String at, String expected) {
    return new IllegalArgumentException(file + ": " + at + " must be " + expected);
  }

  static List<String> split(String s) {
    return Arrays.stream(s.split("[,\\s]+")).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }

  /** The context in use: {@code DUMONT_CONTEXT}, else current-context, else "default". */
  String contextName() {
    String env = env("DUMONT_CONTEXT");
    if (env != null) return env.trim();
    return currentContext != null ? currentContext : DEFAULT_CONTEXT;
  }

  String currentContextSetting() {
    return currentContext;
  }

  Map<String, List<String>> contexts() {
    return contexts;
  }

  Map<String, Map<String, String>> providerSettings() {
    return providers;
  }

  /** The CLI settings of {@link CliSettings#SETTINGS} set in this file ({@code currency}, {@code oidc.issuer}, ...). */
  Map<String, String> settings() {
    return settings;
  }

  /** The team quotas of this file as written: team, then quota key to value (checked by {@link #teamQuotas()}). */
  Map<String, Map<String, String>> quotas() {
    return quotas;
  }

  /**
   * The team quotas of this file, checked.
   *
   * @throws IllegalArgumentException naming the file, {@code quotas.TEAM.KEY}, the bad value and the fix
   */
  List<com.dumontcloud.sdk.access.Quota> teamQuotas() {
    List<com.dumontcloud.sdk.access.Quota> out = new ArrayList<>();
    quotas.forEach((team, kv) -> {
      try {
        out.add(CliQuotas.quota(team, kv));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage());
      }
    });
    return out;
  }

  /** The top-level names of the CLI settings in the file: {@code currency}, {@code fx}, {@code oidc}, ... */
  private static List<String> sections() {
    return CliSettings.SETTINGS.stream().map(s -> s.key().split("\\.")[0]).distinct().toList();
  }

  /**
   * Providers to use when no {@code --provider} flag is given: {@code DUMONT_PROVIDERS}, else the current
   * context's, else {@code sim}.
   */
  List<String> defaultProviders() {
    String env = env("DUMONT_PROVIDERS");
    if (env != null) return split(env);
    List<String> ctx = contexts.get(contextName());
    if (ctx == null && env("DUMONT_CONTEXT") != null) {
      throw new IllegalArgumentException("DUMONT_CONTEXT names the context '" + contextName()
          + "', which " + path() + " does not have (contexts: " + String.join(", ", contexts.keySet()) + ")");
    }
    return ctx == null || ctx.isEmpty() ? List.of("sim") : ctx;
  }

  /** Where the default providers come from, for {@code config view}. */
  String defaultProvidersSource() {
    if (env("DUMONT_PROVIDERS") != null) return "env DUMONT_PROVIDERS";
    if (contexts.containsKey(contextName()) && !contexts.get(contextName()).isEmpty()) {
      return "context " + contextName();
    }
    return "built-in default";
  }

  /**
   * The environment the client sees: the real one, then this file's provider settings under their
   * {@code DUMONT_<PROVIDER>_<KEY>} names, unless a customary variable of that key (e.g. {@code VAST_API_KEY})
   * is set, which then wins over the file.
   */
  Function<String, String> environment(Map<String, ProviderMetadata> registered) {
    Map<String, String> fromFile = new LinkedHashMap<>();
    Map<String, List<String>> extra = new LinkedHashMap<>();
    providers.forEach((p, kv) -> {
      ProviderMetadata m = registered.get(p);
      kv.forEach((k, v) -> {
        if (v == null) return;
        ConfigKey key = m == null ? null : m.configKeys().stream().filter(x -> x.key().equals(k)).findFirst().orElse(null);
        String name = key != null ? key.envName(p)
            : ("DUMONT_" + p + "_" + k).toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
        fromFile.put(name, v);
        if (key != null) extra.put(name, key.extraEnv());
      });
    });
    return name -> {
      String real = System.getenv(name);
      if (real != null) return real;
      if (!fromFile.containsKey(name)) return null;
      for (String e : extra.getOrDefault(name, List.of())) if (System.getenv(e) != null) return null;
      return fromFile.get(name);
    };
  }

  /** {@code config set KEY VALUE}. */
  void set(String key, String value, Map<String, ProviderMetadata> registered) {
    String[] parts = key.split("\\.");
    if (key.equals("current-context")) {
      currentContext = value;
      contexts.putIfAbsent(value, new ArrayList<>());
    } else if (key.equals("providers")) {
      List<String> ids = checkIds(split(value), registered, key);
      contexts.put(contextName(), ids);
    } else if (parts.length == 3 && parts[0].equals("contexts") && parts[2].equals("providers")) {
      contexts.put(parts[1], checkIds(split(value), registered, key));
    } else if (parts.length == 3 && parts[0].equals("providers")) {
      ProviderMetadata m = registered.get(parts[1]);
      if (m == null) {
        throw new IllegalArgumentException("KEY " + key + ": no provider '" + parts[1] + "' (providers: "
            + String.join(", ", registered.keySet()) + ")");
      }
      List<String> keys = m.configKeys().stream().map(ConfigKey::key).toList();
      if (!keys.contains(parts[2])) {
        throw new IllegalArgumentException("KEY " + key + ": provider " + parts[1] + " has no setting '" + parts[2]
            + "' (settings: " + String.join(", ", keys) + ")");
      }
      providers.computeIfAbsent(parts[1], x -> new LinkedHashMap<>()).put(parts[2], value);
    } else if (parts.length >= 3 && parts[0].equals("quotas")) { // quotas.TEAM.KEY (a team name may hold dots)
      String team = CliQuotas.team(key.substring("quotas.".length(), key.lastIndexOf('.')));
      CliQuotas.Key k = CliQuotas.requireKey(team, parts[parts.length - 1]);
      CliQuotas.value(team, k, value);
      quotas.computeIfAbsent(team, x -> new LinkedHashMap<>()).put(k.name(), value);
    } else if (CliSettings.setting(key) != null) {
      if (key.equals("currency")) value = CliMoney.view(value).currency("USD");
      settings.put(key, value);
    } else {
      throw new IllegalArgumentException("unknown KEY '" + key + "'; use " + CliSettings.keys() + ", providers (the "
          + "current context's default providers), contexts.NAME.providers, current-context, "
          + "providers.PROVIDER.SETTING (e.g. providers.vast.api-key) or quotas.TEAM.KEY (keys: "
          + CliQuotas.keyNames() + ")");
    }
  }

  private static List<String> checkIds(List<String> ids, Map<String, ProviderMetadata> registered, String key) {
    if (ids.isEmpty()) throw new IllegalArgumentException(key + " needs at least one provider id");
    for (String id : ids) {
      if (!registered.containsKey(id)) {
        throw new IllegalArgumentException(key + ": no provider '" + id + "' (providers: "
            + String.join(", ", registered.keySet()) + ")");
      }
    }
    return ids;
  }

  /** {@code config use-context NAME}. */
  void useContext(String name) {
    if (!contexts.containsKey(name)) {
      throw new IllegalArgumentException("no context '" + name + "' (contexts: "
          + (contexts.isEmpty() ? "none" : String.join(", ", contexts.keySet()))
          + "); create it with: dumont config set contexts." + name + ".providers sim");
    }
    currentContext = name;
  }

  /** The file's tree with secrets replaced by {@value #REDACTED}. */
  Map<String, Object> redacted(Map<String, ProviderMetadata> registered) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("current-context", contextName());
    Map<String, Object> cs = new LinkedHashMap<>();
    contexts.forEach((n, ps) -> cs.put(n, Map.of("providers", ps)));
    root.put("contexts", cs);
    Map<String, Object> pr = new LinkedHashMap<>();
    providers.forEach((p, kv) -> {
      Map<String, Object> out = new LinkedHashMap<>();
      ProviderMetadata m = registered.get(p);
      kv.forEach((k, v) -> out.put(k, isSecret(m, k) && v != null ? REDACTED : v));
      pr.put(p, out);
    });
    root.put("providers", pr);
    settings.forEach(root::put);
    Map<String, Object> qs = quotaTree();
    if (!qs.isEmpty()) root.put("quotas", qs);
    return root;
  }

  /** The quotas as written to the file: numbers as YAML numbers. */
  private Map<String, Object> quotaTree() {
    Map<String, Object> qs = new LinkedHashMap<>();
    quotas.forEach((team, kv) -> {
      Map<String, Object> q = new LinkedHashMap<>();
      kv.forEach((k, v) -> q.put(k, CliQuotas.yamlValue(k, v)));
      qs.put(team, q);
    });
    return qs;
  }

  static boolean isSecret(ProviderMetadata m, String key) {
    if (m == null) return key.contains("key") || key.contains("token") || key.contains("secret");
    return m.configKeys().stream().anyMatch(k -> k.key().equals(key) && k.secret());
  }

  /** Write the file atomically with permissions 0600. */
  void save() {
    Map<String, Object> root = new LinkedHashMap<>();
    if (currentContext != null) root.put("current-context", currentContext);
    Map<String, Object> cs = new LinkedHashMap<>();
    contexts.forEach((n, ps) -> cs.put(n, Map.of("providers", new ArrayList<>(ps))));
    if (!cs.isEmpty()) root.put("contexts", cs);
    if (!providers.isEmpty()) {
      Map<String, Object> pr = new LinkedHashMap<>();
      providers.forEach((p, kv) -> pr.put(p, new LinkedHashMap<>(kv)));
      root.put("providers", pr);
    }
    for (CliSettings.Setting s : CliSettings.SETTINGS) {
      String v = settings.get(s.key());
      if (v == null) continue;
      int dot = s.key().indexOf('.');
      if (dot < 0) {
        root.put(s.key(), v);
      } else {
        @SuppressWarnings("unchecked")
        Map<String, Object> section = (Map<String, Object>) root.computeIfAbsent(s.key().substring(0, dot),
            x -> new LinkedHashMap<String, Object>());
        section.put(s.key().substring(dot + 1), v);
      }
    }
    Map<String, Object> qs = quotaTree();
    if (!qs.isEmpty()) root.put("quotas", qs);
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    String text = "# Dumont CLI settings (dumont config view|set|use-context|get-contexts); may hold API keys\n"
        + new Yaml(o).dump(root);
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(FILE + ".tmp");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException notPosix) {
        Files.createFile(tmp);
      }
      Files.writeString(tmp, text);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // not a POSIX file system
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  Path file() {
    return file;
  }

  private static String env(String name) {
    String v = System.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'));
    if (v == null || v.isBlank()) v = System.getenv(name);
    return v == null || v.isBlank() ? null : v;
  }
}
