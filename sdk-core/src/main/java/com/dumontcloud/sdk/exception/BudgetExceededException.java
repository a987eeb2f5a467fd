package com.dumontcloud.sdk.exception;

/** A launch would break a budget (price per hour or spend per period). */
public class BudgetExceededException extends DumontException {
  public BudgetExceededException(String message) {
    super(message);
  }
}
