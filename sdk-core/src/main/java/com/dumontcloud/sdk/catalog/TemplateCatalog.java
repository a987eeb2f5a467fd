package com.dumontcloud.sdk.catalog;

import com.dumontcloud.sdk.model.Template;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Built-in templates (seed 001 configs and seed 000 model templates). STUB: to be completed. */
public final class TemplateCatalog {
  private TemplateCatalog() {}

  public static List<Template> all() {
    return List.of();
  }

  public static Optional<Template> find(String name) {
    return all().stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** The template or an {@code InvalidSpecException} listing the known names. */
  public static Template get(String name) {
    return find(name).orElseThrow(() -> new com.dumontcloud.sdk.exception.InvalidSpecException(
        "unknown template '" + name + "'"));
  }

  /** Validate seed-style {@code custom_config} overrides and return the customised template. */
  public static Template applyOverrides(Template template, Map<String, Object> overrides) {
    return template;
  }
}
