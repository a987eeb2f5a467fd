package com.dumontcloud.sdk.exception;

/** A malformed offer query; the message shows the offending token and its position. */
public class InvalidQueryException extends DumontClientException {
  private final int position;

  public InvalidQueryException(String message, int position) {
    super(message);
    this.position = position;
  }

  /** Zero-based character offset of the offending token in the query. */
  public int position() {
    return position;
  }
}
