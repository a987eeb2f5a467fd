package com.dumontcloud.sdk.vast;

import java.util.List;
import java.util.Map;

/**
 * Vast template search ({@code GET /api/v0/template/}), fetched with
 * {@code provider.capability(VastTemplates.class)}.
 */
public interface VastTemplates {
  /**
   * Templates whose name contains {@code nameContains} (case-insensitive; null or blank for all that Vast
   * returns).
   */
  List<VastTemplate> searchTemplates(String nameContains);

  /**
   * Templates matching Vast {@code select_filters}, e.g. {@code {"recommended": {"eq": true}}}; the map is sent
   * as is.
   */
  List<VastTemplate> searchTemplates(Map<String, Object> selectFilters);
}
