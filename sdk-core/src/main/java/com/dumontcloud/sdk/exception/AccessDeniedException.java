package com.dumontcloud.sdk.exception;

/** The principal lacks the permission for this operation. */
public class AccessDeniedException extends DumontException {
  public AccessDeniedException(String message) {
    super(message);
  }
}
