package com.dumontcloud.sdk.vast;

import java.time.Duration;

/**
 * Container logs of a Vast instance ({@code PUT /api/v0/instances/request_logs/{id}/}), fetched with
 * {@code provider.capability(VastLogs.class)}.
 */
public interface VastLogs {
  /**
   * Ask Vast to collect the logs; returns the URL where they will appear (an unauthenticated download that may
   * answer 404 for a few seconds).
   *
   * @param instanceId instance id
   * @param tail lines from the end, or null for Vast's default
   */
  String requestLogs(String instanceId, Integer tail);

  /**
   * Request the logs and poll their URL until they are there, at most {@code maxWait}.
   *
   * @throws com.dumontcloud.sdk.exception.NotFoundException when the logs did not appear in time
   */
  String fetchLogs(String instanceId, Integer tail, Duration maxWait);
}
