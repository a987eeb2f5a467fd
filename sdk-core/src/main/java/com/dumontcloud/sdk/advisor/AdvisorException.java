package com.dumontcloud.sdk.advisor;

import com.dumontcloud.sdk.exception.DumontException;

/**
 * The advisor cannot answer; the message is one line that names the input and the fix. Subclasses say why:
 * {@link UnknownModelException}, {@link NoOfferFitsException}, {@link BudgetTooLowException}.
 */
public class AdvisorException extends DumontException {
  public AdvisorException(String message) {
    super(message);
  }
}
