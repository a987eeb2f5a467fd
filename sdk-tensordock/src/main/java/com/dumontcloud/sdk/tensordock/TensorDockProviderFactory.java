package com.dumontcloud.sdk.tensordock;

import com.dumontcloud.sdk.spi.Capability;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.CloudProviderFactory;
import com.dumontcloud.sdk.spi.ConfigKey;
import com.dumontcloud.sdk.spi.ProviderContext;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import com.dumontcloud.sdk.tensordock.internal.TensorDockProvider;
import java.util.EnumSet;
import java.util.List;

/**
 * The TensorDock provider (id {@code tensordock}; API v2, or the legacy v0 with {@code api-version=v0}), found by
 * {@link java.util.ServiceLoader}. Capabilities: stop/start (two stops, see {@link TensorDockStops} for their
 * billing), labels (kept locally), SSH access; on v0 also the spot market.
 *
 * <table>
 *   <caption>TensorDock configuration keys</caption>
 *   <tr><th>key</th><th>environment</th><th>default</th></tr>
 *   <tr><td>api-version</td><td>DUMONT_TENSORDOCK_API_VERSION</td><td>v2 ({@code v0}: the legacy Marketplace
 *       API, form-encoded, spot)</td></tr>
 *   <tr><td>api-token</td><td>DUMONT_TENSORDOCK_API_TOKEN, TENSORDOCK_API_TOKEN</td><td>none: every call fails
 *       before sending (v2: the bearer token; v0: the {@code api_token} of the key pair)</td></tr>
 *   <tr><td>api-key</td><td>DUMONT_TENSORDOCK_API_KEY, TENSORDOCK_API_KEY</td><td>none (v0 only: the
 *       {@code api_key}, the pair's Authorization ID)</td></tr>
 *   <tr><td>base-url</td><td>DUMONT_TENSORDOCK_BASE_URL</td><td>https://dashboard.tensordock.com/api/v2 (v0:
 *       https://marketplace.tensordock.com/api/v0)</td></tr>
 *   <tr><td>image</td><td>DUMONT_TENSORDOCK_IMAGE</td><td>ubuntu2204 (the VM image; the template's container
 *       runs on it through cloud-init)</td></tr>
 *   <tr><td>spot-bid-fraction</td><td>DUMONT_TENSORDOCK_SPOT_BID_FRACTION</td><td>0.5 (v0 spot: the default
 *       bid, and the spot offers' minBid, as a fraction of the on-demand price; v0 publishes no spot prices)</td></tr>
 *   <tr><td>ssh-public-key</td><td>DUMONT_TENSORDOCK_SSH_PUBLIC_KEY</td><td>none (required by TensorDock for
 *       Linux images)</td></tr>
 * </table>
 */
public final class TensorDockProviderFactory implements CloudProviderFactory {
  /** Provider id. */
  public static final String ID = "tensordock";
  /** Default API endpoint (v2). */
  public static final String DEFAULT_BASE_URL = "https://dashboard.tensordock.com/api/v2";

  /** Default endpoint of the legacy API v0. */
  public static final String DEFAULT_V0_BASE_URL = "https://marketplace.tensordock.com/api/v0";

  /** Which API: {@code v2} (default) or the legacy {@code v0}. */
  public static final ConfigKey API_VERSION = ConfigKey.of("api-version",
      "TensorDock API generation: v2, or v0 (legacy Marketplace API: form-encoded, spot)", "v2");
  /** The API token: v2 sends it only as {@code Authorization: Bearer}, v0 as the form field {@code api_token}. */
  public static final ConfigKey API_TOKEN =
      ConfigKey.secret("api-token", "TensorDock API token (v2 bearer token, or the v0 api_token)",
          "TENSORDOCK_API_TOKEN");
  /** The v0 key pair's Authorization ID, sent as the form field {@code api_key}. */
  public static final ConfigKey API_KEY =
      ConfigKey.secret("api-key", "TensorDock API v0 api_key (the key pair's Authorization ID)",
          "TENSORDOCK_API_KEY");
  /** The API base URL (a proxy or a fake server in tests); the default depends on {@code api-version}. */
  public static final ConfigKey BASE_URL = ConfigKey.of("base-url", "TensorDock API base URL (default "
      + DEFAULT_BASE_URL + ", or " + DEFAULT_V0_BASE_URL + " with api-version=v0)", null);
  /** v0 spot: the default bid as a fraction of the on-demand price (v0 publishes no spot prices). */
  public static final ConfigKey SPOT_BID_FRACTION = ConfigKey.of("spot-bid-fraction",
      "API v0 spot: default bid as a fraction of the on-demand price, 0.01 to 1", "0.5");
  /** The VM image. */
  public static final ConfigKey IMAGE = ConfigKey.of("image", "TensorDock VM image (ubuntu2204, ubuntu2404, ...)",
      "ubuntu2204");
  /** The SSH public key installed at launch. */
  public static final ConfigKey SSH_PUBLIC_KEY = ConfigKey.of("ssh-public-key",
      "OpenSSH public key installed at launch (TensorDock requires one for Linux images)", null);

  private static final ProviderMetadata METADATA = new ProviderMetadata(ID, "TensorDock", DEFAULT_BASE_URL,
      "https://dashboard.tensordock.com/api/docs", List.of(API_VERSION, API_TOKEN, API_KEY, BASE_URL, IMAGE,
      SSH_PUBLIC_KEY, SPOT_BID_FRACTION), EnumSet.of(Capability.STOP_START, Capability.LABELS, Capability.SSH_ACCESS));

  /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
  public TensorDockProviderFactory() {}

  @Override
  public ProviderMetadata metadata() {
    return METADATA;
  }

  @Override
  public CloudProvider create(ProviderContext context) {
    return new TensorDockProvider(context, METADATA);
  }
}
