package com.dumontcloud.sdk.serverless;

import com.dumontcloud.sdk.exception.DumontException;

/** The model server answered with an error status; the body is kept for diagnosis. */
public final class InferenceException extends DumontException {
  private final int status;
  private final String body;

  public InferenceException(String endpointId, int status, String body) {
    super("endpoint " + endpointId + ": model server answered HTTP " + status
        + (body == null || body.isBlank() ? "" : ": " + (body.length() > 300 ? body.substring(0, 300) + "..." : body)),
        null, null, null, 1, status >= 500);
    this.status = status;
    this.body = body;
  }

  public int status() {
    return status;
  }

  public String body() {
    return body;
  }
}
