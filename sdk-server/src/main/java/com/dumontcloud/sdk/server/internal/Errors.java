package com.dumontcloud.sdk.server.internal;

import com.dumontcloud.sdk.exception.BudgetExceededException;
import com.dumontcloud.sdk.exception.CapacityUnavailableException;
import com.dumontcloud.sdk.exception.ConflictException;
import com.dumontcloud.sdk.exception.DumontException;
import com.dumontcloud.sdk.exception.InvalidQueryException;
import com.dumontcloud.sdk.exception.InvalidRequestException;
import com.dumontcloud.sdk.exception.InvalidSpecException;
import com.dumontcloud.sdk.exception.NoSuchProviderException;
import com.dumontcloud.sdk.exception.NotFoundException;
import com.dumontcloud.sdk.exception.RateLimitedException;
import com.dumontcloud.sdk.serverless.EndpointNotFoundException;
import com.dumontcloud.sdk.serverless.EndpointOverloadedException;
import com.dumontcloud.sdk.serverless.EndpointUnavailableException;
import com.dumontcloud.sdk.serverless.InferenceException;

/** The one table from exceptions to HTTP status and a one-line detail. */
public final class Errors {
  private Errors() {}

  public static int status(Throwable e) {
    if (e instanceof ApiError a) return a.status();
    if (e instanceof com.dumontcloud.sdk.exception.AccessDeniedException) return 403;
    if (e instanceof com.dumontcloud.sdk.exception.QuotaExceededException) return 409;
    if (e instanceof EndpointNotFoundException || e instanceof NotFoundException) return 404;
    if (e instanceof NoSuchProviderException) return 404;
    if (e instanceof InvalidSpecException || e instanceof InvalidQueryException || e instanceof InvalidRequestException
        || e instanceof IllegalArgumentException) {
      return 400;
    }
    if (e instanceof BudgetExceededException || e instanceof CapacityUnavailableException
        || e instanceof ConflictException) {
      return 409;
    }
    if (e instanceof EndpointOverloadedException || e instanceof RateLimitedException) return 429;
    if (e instanceof EndpointUnavailableException) return 503;
    if (e instanceof InferenceException) return 502;
    return 500;
  }

  /** The detail text: the exception's own message for SDK errors (written for people), else a generic line. */
  public static String detail(Throwable e) {
    if (e instanceof ApiError || e instanceof DumontException || e instanceof IllegalArgumentException
        || e instanceof IllegalStateException) {
      return Exchange.oneLine(e.getMessage());
    }
    return "internal server error (see the server log)";
  }
}
