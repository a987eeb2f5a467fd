package com.dumontcloud.sdk.spi;

/**
 * The container logs of an instance, as the provider's API hands them out (Vast: {@code request_logs}, then an
 * unauthenticated download). Optional: found with {@code provider.capability(InstanceLogs.class)}.
 */
public interface InstanceLogs {
  /**
   * The last {@code tailLines} lines of the instance's logs. Waits (on the SDK's scheduler, a bounded number of
   * polls) while the provider prepares them.
   *
   * @param instanceId the instance
   * @param tailLines how many lines from the end; at least 1
   * @return the log text (possibly empty)
   * @throws com.dumontcloud.sdk.exception.NotFoundException when the instance is gone, or the logs did not appear
   *     within the provider's polling budget
   */
  String logs(String instanceId, int tailLines);
}
