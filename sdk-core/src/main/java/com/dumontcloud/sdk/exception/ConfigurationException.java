package com.dumontcloud.sdk.exception;

/** Missing or invalid configuration; the message names the property and environment variable to set. */
public class ConfigurationException extends DumontClientException {
  public ConfigurationException(String message) {
    super(message);
  }
}
