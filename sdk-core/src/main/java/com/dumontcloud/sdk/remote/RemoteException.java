package com.dumontcloud.sdk.remote;

import com.dumontcloud.sdk.exception.DumontException;

/** A remote command or copy failed: connection refused, authentication failed, the file is missing, ... */
public class RemoteException extends DumontException {
  public RemoteException(String message) {
    super(message);
  }

  public RemoteException(String message, Throwable cause) {
    super(message, cause);
  }
}
