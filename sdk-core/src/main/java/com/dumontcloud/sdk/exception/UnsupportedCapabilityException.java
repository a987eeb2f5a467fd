package com.dumontcloud.sdk.exception;

/** The provider does not support the requested capability. */
public class UnsupportedCapabilityException extends DumontClientException {
  public UnsupportedCapabilityException(String providerId, String capability) {
    super("provider '" + providerId + "' does not support " + capability, null, providerId, 0, false);
  }
}
