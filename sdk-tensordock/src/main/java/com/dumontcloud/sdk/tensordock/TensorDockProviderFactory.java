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
 * The TensorDock provider (id {@code tensordock}, API v2), found by {@link java.util.ServiceLoader}.
 *
 * <table>
 *   <caption>TensorDock configuration keys</caption>
 *   <tr><th>key</th><th>environment</th><th>default</th></tr>
 *   <tr><td>api-token</td><td>DUMONT_TENSORDOCK_API_TOKEN, TENSORDOCK_API_TOKEN</td><td>none: every call fails
 *       before sending</td></tr>
 *   <tr><td>base-url</td><td>DUMONT_TENSORDOCK_BASE_URL</td><td>https://dashboard.tensordock.com/api/v2</td></tr>
 *   <tr><td>image</td><td>DUMONT_TENSORDOCK_IMAGE</td><td>ubuntu2204 (the VM image; the template's container
 *       runs on it through cloud-init)</td></tr>
 *   <tr><td>ssh-public-key</td><td>DUMONT_TENSORDOCK_SSH_PUBLIC_KEY</td><td>none (required by TensorDock for
 *       Linux images)</td></tr>
 * </table>
 */
public final class TensorDockProviderFactory implements CloudProviderFactory {
  /** Provider id. */
  public static final String ID = "tensordock";
  /** Default API endpoint (v2). */
  public static final String DEFAULT_BASE_URL = "https://dashboard.tensordock.com/api/v2";

  /** The API token, sent only as {@code Authorization: Bearer}. */
  public static final ConfigKey API_TOKEN =
      ConfigKey.secret("api-token", "TensorDock API v2 token", "TENSORDOCK_API_TOKEN");
  /** The API base URL (a proxy or a fake server in tests). */
  public static final ConfigKey BASE_URL = ConfigKey.of("base-url", "TensorDock API v2 base URL", DEFAULT_BASE_URL);
  /** The VM image. */
  public static final ConfigKey IMAGE = ConfigKey.of("image", "TensorDock VM image (ubuntu2204, ubuntu2404, ...)",
      "ubuntu2204");
  /** The SSH public key installed at launch. */
  public static final ConfigKey SSH_PUBLIC_KEY = ConfigKey.of("ssh-public-key",
      "OpenSSH public key installed at launch (TensorDock requires one for Linux images)", null);

  private static final ProviderMetadata METADATA = new ProviderMetadata(ID, "TensorDock", DEFAULT_BASE_URL,
      "https://dashboard.tensordock.com/api/docs", List.of(API_TOKEN, BASE_URL, IMAGE, SSH_PUBLIC_KEY),
      EnumSet.of(Capability.STOP_START, Capability.LABELS));

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
