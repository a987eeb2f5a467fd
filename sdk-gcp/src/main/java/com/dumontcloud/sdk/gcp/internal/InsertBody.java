package com.dumontcloud.sdk.gcp.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code instances.insert} body, built once (the scheduling object in one place: a dstack bug lost
 * {@code onHostMaintenance} by replacing it for spot). Rules: bundled-GPU machine types (G2/A2/A3) get no
 * {@code guestAccelerators}, N1 gets them; every GPU VM has {@code onHostMaintenance: TERMINATE}; spot is
 * {@code provisioningModel: SPOT} with a termination action and {@code automaticRestart: false}; never the legacy
 * {@code preemptible} flag. Partial URLs throughout.
 *
 * @param name instance name (RFC 1035)
 * @param project project id (for the accelerator type URL)
 * @param zone zone
 * @param machineType machine type name
 * @param acceleratorType attached accelerator type (N1), or null for none or bundled
 * @param acceleratorCount attached accelerator count
 * @param gpu whether the VM has GPUs (attached or bundled)
 * @param sourceImage boot image or image family URL
 * @param diskSizeGb boot disk size
 * @param diskType boot disk type name
 * @param diskLabels labels of the boot disk (empty: none)
 * @param network VPC network
 * @param metadata metadata items in order (install-nvidia-driver, startup-script, ssh-keys, ...)
 * @param labels instance labels, already in GCP's charset
 * @param tags network tags (empty: none)
 * @param serviceAccount service account email or "default", or null for none
 * @param spot SPOT instead of STANDARD
 * @param terminationAction STOP or DELETE for spot (null: STOP)
 * @param maxRunSeconds run-time cap in seconds, or null
 * @param terminationTime RFC 3339 termination time, or null
 */
record InsertBody(String name, String project, String zone, String machineType, String acceleratorType,
    int acceleratorCount, boolean gpu, String sourceImage, long diskSizeGb, String diskType,
    Map<String, String> diskLabels, String network, Map<String, String> metadata, Map<String, String> labels,
    List<String> tags, String serviceAccount, boolean spot, String terminationAction, Long maxRunSeconds,
    String terminationTime) {

  Map<String, Object> toJson() {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("name", name);
    b.put("machineType", "zones/" + zone + "/machineTypes/" + machineType);
    if (acceleratorType != null && acceleratorCount > 0) {
      b.put("guestAccelerators", List.of(Map.of("acceleratorType",
          "projects/" + project + "/zones/" + zone + "/acceleratorTypes/" + acceleratorType,
          "acceleratorCount", acceleratorCount)));
    }
    Map<String, Object> init = new LinkedHashMap<>();
    init.put("sourceImage", sourceImage);
    init.put("diskSizeGb", String.valueOf(diskSizeGb));
    init.put("diskType", "zones/" + zone + "/diskTypes/" + diskType);
    if (!diskLabels.isEmpty()) init.put("labels", diskLabels);
    b.put("disks", List.of(Map.of("boot", true, "autoDelete", true, "type", "PERSISTENT", "initializeParams", init)));
    b.put("networkInterfaces", List.of(Map.of("network", network, "accessConfigs",
        List.of(Map.of("type", "ONE_TO_ONE_NAT", "name", "External NAT", "networkTier", "PREMIUM")))));
    List<Object> items = new ArrayList<>();
    metadata.forEach((k, v) -> items.add(Map.of("key", k, "value", v)));
    if (!items.isEmpty()) b.put("metadata", Map.of("items", items));
    if (!labels.isEmpty()) b.put("labels", labels);
    if (!tags.isEmpty()) b.put("tags", Map.of("items", tags));
    if (serviceAccount != null) {
      b.put("serviceAccounts", List.of(Map.of("email", serviceAccount, "scopes", List.of(GcpAuth.SCOPE))));
    }
    b.put("scheduling", scheduling());
    return b;
  }

  private Map<String, Object> scheduling() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("provisioningModel", spot ? "SPOT" : "STANDARD");
    if (spot || maxRunSeconds != null || terminationTime != null) {
      s.put("instanceTerminationAction", terminationAction == null ? "STOP" : terminationAction);
    }
    if (gpu || spot) s.put("onHostMaintenance", "TERMINATE");
    s.put("automaticRestart", !spot);
    if (maxRunSeconds != null) s.put("maxRunDuration", Map.of("seconds", String.valueOf(maxRunSeconds)));
    if (terminationTime != null) s.put("terminationTime", terminationTime);
    return s;
  }
}
