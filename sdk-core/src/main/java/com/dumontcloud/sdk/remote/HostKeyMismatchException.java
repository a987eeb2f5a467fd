package com.dumontcloud.sdk.remote;

/**
 * The instance presented a host key other than the one pinned on first use: possibly someone in the middle.
 * The connection is refused; delete the pinned entry only when the change is expected (the instance was
 * recreated at the same address).
 */
public class HostKeyMismatchException extends RemoteException {
  public HostKeyMismatchException(String message) {
    super(message);
  }
}
