package com.dumontcloud.sdk.model;

/**
 * A container port published on the host.
 *
 * @param containerPort port inside the container, e.g. 8000
 * @param protocol "tcp" or "udp"
 * @param hostIp the address to connect to (often the public IP), or null
 * @param hostPort the port to connect to
 */
public record PortMapping(int containerPort, String protocol, String hostIp, int hostPort) {
  public PortMapping {
    protocol = protocol == null ? "tcp" : protocol.toLowerCase(java.util.Locale.ROOT);
  }
}
