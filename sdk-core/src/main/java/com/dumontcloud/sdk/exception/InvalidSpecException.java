package com.dumontcloud.sdk.exception;

/** An invalid template override, launch spec or deployment spec; the message names the field and the fix. */
public class InvalidSpecException extends DumontClientException {
  public InvalidSpecException(String message) {
    super(message);
  }
}
