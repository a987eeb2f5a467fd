package com.dumontcloud.sdk.gcp;

import com.dumontcloud.sdk.gcp.internal.GcpProvider;
import com.dumontcloud.sdk.spi.Capability;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.CloudProviderFactory;
import com.dumontcloud.sdk.spi.ConfigKey;
import com.dumontcloud.sdk.spi.ProviderContext;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import java.util.EnumSet;
import java.util.List;

/**
 * The Google Compute Engine provider (id {@code gcp}, Compute API v1), found by {@link java.util.ServiceLoader}.
 * Every key is also settable as {@code dumont.gcp.<key>} and {@code DUMONT_GCP_<KEY>}; the table in
 * {@code sdk-gcp/README.md} lists them with their defaults.
 */
public final class GcpProviderFactory implements CloudProviderFactory {
  /** Provider id. */
  public static final String ID = "gcp";
  /** Default Compute Engine endpoint. */
  public static final String DEFAULT_BASE_URL = "https://compute.googleapis.com/compute/v1";
  /** Default Cloud Billing Catalog endpoint. */
  public static final String DEFAULT_BILLING_URL = "https://cloudbilling.googleapis.com/v1";

  public static final ConfigKey PROJECT = key("project",
      "GCP project id (else the credentials' project_id, else the metadata server's)", null, "GOOGLE_CLOUD_PROJECT");
  public static final ConfigKey BASE_URL = key("base-url", "Compute Engine API base URL", DEFAULT_BASE_URL);
  public static final ConfigKey CREDENTIALS_FILE = key("credentials-file", "credential JSON file: service-account"
      + " key, gcloud authorized_user or external_account (workload identity)", null, "GOOGLE_APPLICATION_CREDENTIALS");
  public static final ConfigKey ACCESS_TOKEN = ConfigKey.secret("access-token",
      "a ready OAuth2 access token (e.g. from gcloud auth print-access-token); skips Application Default Credentials");
  public static final ConfigKey GCLOUD_CONFIG = key("gcloud-config-dir", "gcloud configuration directory holding"
      + " application_default_credentials.json (default ~/.config/gcloud)", null, "CLOUDSDK_CONFIG");
  public static final ConfigKey METADATA_HOST = key("metadata-host", "GCE metadata server host[:port], the last"
      + " source of Application Default Credentials", "metadata.google.internal", "GCE_METADATA_HOST");
  public static final ConfigKey BILLING_URL = key("billing-base-url", "Cloud Billing Catalog API base URL",
      DEFAULT_BILLING_URL);
  public static final ConfigKey PRICES = key("prices",
      "price source: catalog (Billing Catalog SKUs, falling back to the bundled table) or bundled", "catalog");
  public static final ConfigKey PRICE_TTL = key("price-ttl", "how long Billing Catalog prices are cached", "12h");
  public static final ConfigKey ZONES = key("zones",
      "comma-separated zones or regions to offer and launch in (default: every zone that is UP)", null);
  public static final ConfigKey FAILOVER_ZONES = key("failover-zones",
      "most zones one launch tries before giving up (stockouts move on to the next zone)", "3");
  public static final ConfigKey GPU_IMAGE = key("gpu-image", "boot image (family) for GPU VMs",
      "projects/deeplearning-platform-release/global/images/family/common-cu129-ubuntu-2204-nvidia-580");
  public static final ConfigKey CPU_IMAGE = key("cpu-image", "boot image (family) for CPU-only VMs",
      "projects/ubuntu-os-cloud/global/images/family/ubuntu-2204-lts");
  public static final ConfigKey DISK_TYPE = key("disk-type", "boot disk type", "pd-balanced");
  public static final ConfigKey NETWORK = key("network", "VPC network", "global/networks/default");
  public static final ConfigKey NETWORK_TAGS = key("network-tags",
      "comma-separated network tags (firewall rules for SSH and the template's port target them)", "dumont");
  public static final ConfigKey SERVICE_ACCOUNT = key("service-account",
      "service account attached to VMs (default: the project's default one; none: no account)", "default");
  public static final ConfigKey SPOT_ACTION = key("spot-termination-action",
      "what preemption does to a spot VM: stop (keeps the disk) or delete", "stop");
  public static final ConfigKey SSH_USER = key("ssh-user", "login user of the ssh-keys metadata", "dumont");
  public static final ConfigKey SSH_PUBLIC_KEY = key("ssh-public-key",
      "OpenSSH public key installed at launch through the ssh-keys metadata", null);
  public static final ConfigKey OPERATION_TIMEOUT = key("operation-timeout",
      "how long an insert, stop, start or delete operation is awaited", "10m");

  private static final ProviderMetadata METADATA = new ProviderMetadata(ID, "Google Compute Engine", DEFAULT_BASE_URL,
      "https://cloud.google.com/compute/docs/reference/rest/v1",
      List.of(PROJECT, BASE_URL, CREDENTIALS_FILE, ACCESS_TOKEN, GCLOUD_CONFIG, METADATA_HOST, BILLING_URL, PRICES,
          PRICE_TTL, ZONES, FAILOVER_ZONES, GPU_IMAGE, CPU_IMAGE, DISK_TYPE, NETWORK, NETWORK_TAGS, SERVICE_ACCOUNT,
          SPOT_ACTION, SSH_USER, SSH_PUBLIC_KEY, OPERATION_TIMEOUT),
      EnumSet.of(Capability.SPOT_MARKET, Capability.STOP_START, Capability.LABELS, Capability.CPU_INSTANCES,
          Capability.IDEMPOTENT_CREATE, Capability.SSH_ACCESS));

  private static ConfigKey key(String key, String description, String defaultValue, String... env) {
    return new ConfigKey(key, description, false, defaultValue, List.of(env));
  }

  /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
  public GcpProviderFactory() {}

  @Override
  public ProviderMetadata metadata() {
    return METADATA;
  }

  @Override
  public CloudProvider create(ProviderContext context) {
    return new GcpProvider(context, METADATA);
  }
}
