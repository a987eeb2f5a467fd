package com.dumontcloud.sdk.vast;

import com.dumontcloud.sdk.model.Template;
import com.dumontcloud.sdk.model.TemplateCategory;
import com.dumontcloud.sdk.spi.support.ContainerCommands;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Vast template as {@code GET /api/v0/template/} returns it.
 *
 * @param id numeric template id
 * @param hashId the hash id used to create instances ({@code template_hash_id})
 * @param name display name
 * @param image image repository, e.g. {@code vllm/vllm-openai}
 * @param tag image tag, or null
 * @param env Vast's docker-flag env string, e.g. {@code -p 8000:8000 -e MODEL_ID=x}, or null
 * @param onstart onstart script, or null
 * @param runtype Vast run type ({@code ssh}, {@code jupyter}, {@code args}), or null
 * @param recommended whether Vast recommends it
 * @param recommendedDiskGb recommended disk, GB, or null
 * @param attributes every raw field, immutable
 */
public record VastTemplate(
    String id, String hashId, String name, String image, String tag, String env, String onstart, String runtype,
    boolean recommended, Double recommendedDiskGb, Map<String, Object> attributes) {
  public VastTemplate {
    Objects.requireNonNull(id, "id");
    name = name == null ? "" : name;
    attributes = attributes == null ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** {@code image:tag}, or the image alone when there is no tag. */
  public String imageRef() {
    if (image == null) return null;
    return tag == null || tag.isBlank() || image.contains(":") ? image : image + ":" + tag;
  }

  /** Container ports requested in the env string ({@code -p 8000:8000}). */
  public List<Integer> ports() {
    return ContainerCommands.ports(env);
  }

  /** Environment variables of the env string ({@code -e KEY=value}). */
  public Map<String, String> envVars() {
    return ContainerCommands.env(env);
  }

  /** A core {@link Template} that runs the same image, env and first port. */
  public Template toTemplate() {
    if (imageRef() == null) {
      throw new IllegalStateException("Vast template " + id + " (" + name + ") has no image");
    }
    List<Integer> ports = ports();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("vast_template_hash_id", hashId);
    if (onstart != null) config.put("onstart", onstart);
    if (runtype != null) config.put("runtype", runtype);
    if (recommendedDiskGb != null) config.put("disk_gb", recommendedDiskGb);
    String slug = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    return Template.builder(slug.isEmpty() ? "vast-" + id : slug, imageRef()).displayName(name)
        .description("Vast template " + hashId).category(TemplateCategory.GENERAL)
        .port(ports.isEmpty() ? 0 : ports.get(0)).config(config).env(envVars()).build();
  }
}
