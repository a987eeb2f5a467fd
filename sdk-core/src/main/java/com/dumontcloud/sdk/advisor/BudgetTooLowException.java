package com.dumontcloud.sdk.advisor;

/** Offers hold the model, but none at or below the budget cap; {@link #cheapestPerHour()} is what it takes. */
public class BudgetTooLowException extends AdvisorException {
  private final double budgetPerHour;
  private final double cheapestPerHour;

  public BudgetTooLowException(String message, double budgetPerHour, double cheapestPerHour) {
    super(message);
    this.budgetPerHour = budgetPerHour;
    this.cheapestPerHour = cheapestPerHour;
  }

  /** The cap that was given, USD per hour. */
  public double budgetPerHour() {
    return budgetPerHour;
  }

  /** The price of the cheapest offer that holds the model, USD per hour. */
  public double cheapestPerHour() {
    return cheapestPerHour;
  }
}
