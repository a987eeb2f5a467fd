package com.dumontcloud.sdk.spi;

import java.util.List;
import java.util.Map;

/** Persistent volume capability. */
public interface Volumes {
  /**
   * A volume.
   *
   * @param id id
   * @param name name
   * @param sizeGib size
   * @param attributes raw attributes
   */
  record Volume(String id, String name, double sizeGib, Map<String, Object> attributes) {}

  List<Volume> listVolumes();
}
