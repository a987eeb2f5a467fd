package com.dumontcloud.cli;

import com.dumontcloud.sdk.catalog.TemplateCatalog;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.Templates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Your own templates: {@code dumont templates apply -f FILE} stores one as {@code $DUMONT_HOME/templates/NAME.yaml}
 * (the template map form, as in a deployment spec's {@code template:} object); every command that takes a
 * template name finds it after the built-in ones.
 */
final class CustomTemplates {
  private CustomTemplates() {}

  static Path dir() {
    return CliContext.home().resolve("templates");
  }

  /** A template name for an image: {@code pytorch/pytorch:2.4} gives {@code pytorch-2.4}. */
  static String nameFor(String image) {
    String last = image.substring(image.lastIndexOf('/') + 1);
    String n = last.replace(':', '-').replaceAll("[^A-Za-z0-9._-]", "-").toLowerCase(Locale.ROOT);
    return n.isEmpty() ? "custom" : n;
  }

  static String slug(String name) {
    return name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The template for {@code --template} (built-in or stored) or, without one, a bare template of {@code image}. */
  static Template resolve(String name, String image) {
    // a bare image rents a GPU (any size) unless the query says otherwise
    if (name == null) return Template.builder(nameFor(image), image).minGpuRamGib(1).build();
    return find(name).orElseThrow(() -> new InvalidSpecException("unknown template '" + name + "'; known templates: "
        + String.join(", ", names()) + " (add your own with 'dumont templates apply -f FILE')"));
  }

  static Optional<Template> find(String name) {
    Optional<Template> builtIn = TemplateCatalog.find(name);
    if (builtIn.isPresent()) return builtIn;
    return stored().stream().filter(t -> slug(t.name()).equals(slug(name))).findFirst();
  }

  static List<String> names() {
    List<String> n = new ArrayList<>(TemplateCatalog.names());
    stored().forEach(t -> n.add(t.name()));
    return n;
  }

  static boolean isStored(Template t) {
    return TemplateCatalog.find(t.name()).isEmpty();
  }

  /** Built-in then stored templates. */
  static List<Template> all() {
    List<Template> all = new ArrayList<>(TemplateCatalog.all());
    all.addAll(stored());
    return all;
  }

  static List<Template> stored() {
    Path d = dir();
    if (!Files.isDirectory(d)) return List.of();
    List<Template> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(d)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        out.add(Templates.fromMap(DeploymentsCommand.Apply.readSpec(f)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + d + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** Validate and store; returns the template and whether it replaced a stored one. */
  static Template store(Path file) {
    Map<String, Object> m = DeploymentsCommand.Apply.readSpec(file);
    Template t = Templates.fromMap(m);
    if (!t.name().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
      throw new InvalidSpecException("template.name must be letters, digits, '.', '_' or '-' (at most 63), got '"
          + t.name() + "'");
    }
    if (TemplateCatalog.find(t.name()).isPresent()) {
      throw new InvalidSpecException("template.name '" + t.name() + "' is a built-in template; choose another name");
    }
    try {
      Files.createDirectories(dir());
      Files.writeString(dir().resolve(slug(t.name()) + ".yaml"), Output.yaml(Templates.toMap(t)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir() + ": " + e.getMessage(), e);
    }
    return t;
  }

  /** A spec tree whose {@code template:} names a stored template gets that template's object form. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> inlineStored(Map<String, Object> spec) {
    Object t = spec.get("template");
    String name = t instanceof String s ? s : t instanceof Map<?, ?> m && m.get("image") == null
        && m.get("name") instanceof String s2 ? s2 : null;
    if (name == null || TemplateCatalog.find(name).isPresent()) return spec;
    Optional<Template> stored = stored().stream().filter(x -> slug(x.name()).equals(slug(name))).findFirst();
    if (stored.isEmpty()) return spec;
    Map<String, Object> out = new java.util.LinkedHashMap<>(spec);
    Map<String, Object> tm = new java.util.LinkedHashMap<>(Templates.toMap(stored.get()));
    if (t instanceof Map<?, ?> m) ((Map<String, Object>) m).forEach((k, v) -> { if (!k.equals("name")) tm.put(k, v); });
    out.put("template", tm);
    return out;
  }
}
