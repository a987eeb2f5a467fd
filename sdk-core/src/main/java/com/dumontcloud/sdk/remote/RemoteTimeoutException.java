package com.dumontcloud.sdk.remote;

/** A remote command ran past its timeout and was killed. */
public class RemoteTimeoutException extends RemoteException {
  public RemoteTimeoutException(String message) {
    super(message);
  }
}
