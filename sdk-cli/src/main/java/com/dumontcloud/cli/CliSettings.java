package com.dumontcloud.cli;

import com.dumontcloud.sdk.pricing.HttpFxRates;
import java.util.List;
import java.util.Locale;

/**
 * The CLI's own settings beside contexts, providers and quotas, declared once: {@code config.yaml} accepts exactly
 * these keys, {@code dumont config set} writes them, and docs/configuration.md's settings table is generated from
 * {@link #SETTINGS}. A setting resolves as: a flag (where the command has one) > the environment variable (or the
 * system property of the same name, lower-case with dots) > {@code config.yaml} > the default.
 */
final class CliSettings {
  private CliSettings() {}

  /** One setting: its key in {@code config.yaml} ({@code section.name}), its environment variable, its default. */
  record Setting(String key, String env, String defaultValue, String description) {
    /** The system property standing for the variable ({@code DUMONT_FX_SOURCE}: {@code dumont.fx.source}). */
    String property() {
      return env.toLowerCase(Locale.ROOT).replace('_', '.');
    }
  }

  static final List<Setting> SETTINGS = List.of(
      new Setting("currency", "DUMONT_CURRENCY", "USD",
          "ISO 4217 currency every command shows money in (the --currency flag overrides it)"),
      new Setting("fx.source", "DUMONT_FX_SOURCE", "static",
          "exchange rates: static (built-in table of 2025-06-30), ecb (the ECB's daily reference rates over HTTP, "
              + "cached in $DUMONT_HOME/fx/) or file (fx.file)"),
      new Setting("fx.url", "DUMONT_FX_URL", HttpFxRates.ECB_DAILY,
          "where fx.source=ecb fetches the ECB-shaped XML (a mirror or proxy)"),
      new Setting("fx.file", "DUMONT_FX_FILE", null,
          "rates file for fx.source=file: YAML or JSON with base, as_of (YYYY-MM-DD) and rates (units per base)"),
      new Setting("fx.allow-stale", "DUMONT_FX_ALLOW_STALE", "false",
          "use cached ECB rates older than 72 h when refreshing fails (otherwise money commands fail)"),
      new Setting("webhooks.file", "DUMONT_WEBHOOKS_FILE", null,
          "YAML list of the webhooks 'dumont serve' signs and sends engine events to (default "
              + "$DUMONT_HOME/webhooks.yaml when it exists); see docs/audit-and-webhooks.md"),
      new Setting("oidc.issuer", "DUMONT_OIDC_ISSUER", null,
          "'dumont serve' accepts OIDC bearer tokens of this issuer (exactly as tokens carry it in iss; https, http "
              + "only for 127.0.0.1); unset: OIDC off. The --oidc-issuer flag overrides it"),
      new Setting("oidc.audience", "DUMONT_OIDC_AUDIENCE", null,
          "the audience (client id) OIDC tokens must name in aud; required with oidc.issuer (flag --oidc-audience)"),
      new Setting("oidc.groups-claim", "DUMONT_OIDC_GROUPS_CLAIM", "groups",
          "the token claim holding groups; a dotted path reaches nested claims, e.g. realm_access.roles (flag "
              + "--oidc-groups-claim)"),
      new Setting("oidc.role-mapping", "DUMONT_OIDC_ROLE_MAPPING", null,
          "YAML or JSON file mapping OIDC groups to roles and teams, with custom roles (flag --oidc-role-mapping; "
              + "see docs/enterprise.md); unset: a group admin/developer/viewer grants that role, team:NAME joins NAME"));

  /** The setting of {@code key}, or null. */
  static Setting setting(String key) {
    return SETTINGS.stream().filter(s -> s.key().equals(key)).findFirst().orElse(null);
  }

  /** Whether {@code section} is a section of settings in {@code config.yaml} ({@code fx}, {@code oidc}, ...). */
  static boolean isSection(String section) {
    return SETTINGS.stream().anyMatch(s -> s.key().startsWith(section + "."));
  }

  static String keys() {
    return String.join(", ", SETTINGS.stream().map(Setting::key).toList());
  }

  /** A setting: the environment (or its system property), else {@code config.yaml}, else the default. */
  static String value(String key) {
    return value(key, CliConfig.load());
  }

  static String value(String key, CliConfig config) {
    Setting s = setting(key);
    String v = environment(s);
    if (v == null) v = config.settings().get(key);
    return v == null || v.isBlank() ? s.defaultValue() : v.trim();
  }

  /** Where {@link #value} takes the setting from: {@code property ...}, {@code env ...}, config.yaml or default. */
  static String source(String key, CliConfig config) {
    Setting s = setting(key);
    if (nonBlank(System.getProperty(s.property()))) return "property " + s.property();
    if (nonBlank(System.getenv(s.env()))) return "env " + s.env();
    if (nonBlank(config.settings().get(key))) return "config.yaml " + key;
    return "default";
  }

  private static String environment(Setting s) {
    String v = System.getProperty(s.property());
    if (!nonBlank(v)) v = System.getenv(s.env());
    return nonBlank(v) ? v.trim() : null;
  }

  private static boolean nonBlank(String v) {
    return v != null && !v.isBlank();
  }
}
