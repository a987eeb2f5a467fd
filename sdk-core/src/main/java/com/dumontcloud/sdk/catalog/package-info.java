/**
 * Built-in catalogs: {@link com.dumontcloud.sdk.catalog.GpuCatalog} (canonical GPU models, every provider's names for
 * them, VRAM and relative performance) and {@link com.dumontcloud.sdk.catalog.TemplateCatalog} (launch templates
 * from the seeds, with validated {@code custom_config} overrides).
 */
package com.dumontcloud.sdk.catalog;
