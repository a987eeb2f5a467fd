package com.dumontcloud.sdk.engine.store;

/**
 * A write refused because this process no longer holds the deployment's lease (another replica took it, or it
 * was given up): the record stays as the current owner wrote it. The engine drops the deployment from its own
 * view and acts on it no more.
 */
public final class FencedWriteException extends IllegalStateException {
  private final String deploymentId;

  public FencedWriteException(String deploymentId, String message) {
    super(message);
    this.deploymentId = deploymentId;
  }

  /** The deployment whose record could not be written. */
  public String deploymentId() {
    return deploymentId;
  }
}
