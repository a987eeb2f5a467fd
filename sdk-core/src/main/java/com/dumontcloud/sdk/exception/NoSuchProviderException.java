package com.dumontcloud.sdk.exception;

/** An unknown provider id; the message lists the known ids. */
public class NoSuchProviderException extends DumontClientException {
  public NoSuchProviderException(String message) {
    super(message);
  }
}
