package com.dumontcloud.sdk.vast;

import com.dumontcloud.sdk.spi.Capability;
import com.dumontcloud.sdk.spi.CloudProvider;
import com.dumontcloud.sdk.spi.CloudProviderFactory;
import com.dumontcloud.sdk.spi.ConfigKey;
import com.dumontcloud.sdk.spi.ProviderContext;
import com.dumontcloud.sdk.spi.ProviderMetadata;
import com.dumontcloud.sdk.vast.internal.VastProvider;
import java.util.EnumSet;
import java.util.List;

/**
 * The Vast.ai provider (id {@code vast}), found by {@link java.util.ServiceLoader}.
 *
 * <p>Configuration (builder value &gt; system property &gt; environment &gt; default):
 *
 * <table>
 *   <caption>Vast configuration keys</caption>
 *   <tr><th>key</th><th>property</th><th>environment</th><th>default</th></tr>
 *   <tr><td>api-key</td><td>dumont.vast.api-key</td><td>DUMONT_VAST_API_KEY, VAST_API_KEY</td><td>none: offer
 *       search runs anonymously, every other call fails before sending</td></tr>
 *   <tr><td>base-url</td><td>dumont.vast.base-url</td><td>DUMONT_VAST_BASE_URL</td>
 *       <td>https://console.vast.ai</td></tr>
 *   <tr><td>pacing</td><td>dumont.vast.pacing</td><td>DUMONT_VAST_PACING</td><td>on (client-side spacing of
 *       calls per endpoint so that a fleet of calls does not trip Vast's rate limits)</td></tr>
 *   <tr><td>search-limit</td><td>dumont.vast.search-limit</td><td>DUMONT_VAST_SEARCH_LIMIT</td><td>1000 (offers
 *       asked for when the query has no limit or filters that only apply locally)</td></tr>
 *   <tr><td>ssh-mode</td><td>dumont.vast.ssh-mode</td><td>DUMONT_VAST_SSH_MODE</td><td>proxy: SSH through Vast's
 *       proxy ({@code ssh_host:ssh_port}), the host's direct address when there is no proxy; {@code direct}
 *       prefers the host's {@code public_ipaddr} and port 22 mapping (often blocked), the proxy as fallback</td></tr>
 * </table>
 */
public final class VastProviderFactory implements CloudProviderFactory {
  /** Provider id. */
  public static final String ID = "vast";
  /** Default API endpoint. */
  public static final String DEFAULT_BASE_URL = "https://console.vast.ai";

  /** The API key: sent only as {@code Authorization: Bearer}. */
  public static final ConfigKey API_KEY = ConfigKey.secret("api-key", "Vast.ai API key", "VAST_API_KEY");
  /** The API base URL (a proxy or a fake server in tests). */
  public static final ConfigKey BASE_URL = ConfigKey.of("base-url", "Vast.ai API base URL", DEFAULT_BASE_URL);
  /** Client-side pacing of calls per endpoint: {@code on} or {@code off}. */
  public static final ConfigKey PACING = ConfigKey.of("pacing",
      "client-side pacing of calls per endpoint (on/off); off only when something else paces the calls", "on");
  /** How many offers to ask Vast for when the query does not bound it. */
  public static final ConfigKey SEARCH_LIMIT = ConfigKey.of("search-limit",
      "offers requested from Vast when the query has no limit or filters applied only locally", "1000");

  /** Which SSH path {@code SshAccess} prefers: {@code proxy} or {@code direct} (the other is the fallback). */
  public static final ConfigKey SSH_MODE = ConfigKey.of("ssh-mode",
      "SSH path to prefer: proxy (Vast's ssh_host:ssh_port) or direct (public_ipaddr + port 22 mapping)", "proxy");

  private static final ProviderMetadata METADATA = new ProviderMetadata(ID, "Vast.ai", DEFAULT_BASE_URL,
      "https://docs.vast.ai/api-reference", List.of(API_KEY, BASE_URL, PACING, SEARCH_LIMIT, SSH_MODE),
      EnumSet.of(Capability.SPOT_MARKET, Capability.VOLUMES, Capability.STOP_START, Capability.LABELS,
          Capability.ACCOUNT_BALANCE, Capability.CPU_INSTANCES, Capability.SSH_ACCESS, Capability.UTILISATION,
          Capability.LOGS));

  /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
  public VastProviderFactory() {}

  @Override
  public ProviderMetadata metadata() {
    return METADATA;
  }

  @Override
  public CloudProvider create(ProviderContext context) {
    return new VastProvider(context, METADATA);
  }
}
