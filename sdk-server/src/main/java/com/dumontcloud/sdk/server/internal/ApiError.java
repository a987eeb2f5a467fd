package com.dumontcloud.sdk.server.internal;

/** An HTTP error with a one-line {@code {"detail": ...}} body for people (never a class name or stack trace). */
public final class ApiError extends RuntimeException {
  private final int status;

  public ApiError(int status, String detail) {
    super(detail, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static ApiError badRequest(String detail) {
    return new ApiError(400, detail);
  }

  public static ApiError notFound(String detail) {
    return new ApiError(404, detail);
  }
}
