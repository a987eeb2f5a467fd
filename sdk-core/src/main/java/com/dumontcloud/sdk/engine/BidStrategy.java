package com.dumontcloud.sdk.engine;

import com.dumontcloud.sdk.model.Money;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * What the engine bids for a SPOT offer on a bid market (Vast's interruptible instances): the offer's minimum
 * bid ({@link #minimum()}, the default), the minimum plus a margin ({@link #margin(double)}), or a fixed cap
 * ({@link #cap(Money)}). On-demand launches never bid.
 *
 * <p>Why change the default: a bid at exactly the minimum is the first to be outbid when demand rises. A margin
 * buys fewer interruptions for a proportionally higher price; a cap bids the most you will pay, so the instance
 * survives every price rise up to it, and offers whose minimum already exceeds it are skipped.
 *
 * <p>Contract, for a launch on an offer whose minimum bid is {@code minBid}:
 * <ul>
 *   <li>{@link #allows(Money)} is false only when the offer cannot be used under this strategy (a cap below the
 *       minimum bid); the engine then skips the offer.
 *   <li>{@link #bidFor(Money)} is the bid to send. It is null when {@code minBid} is null: the offer has no bid
 *       market (a fixed spot price) and no bid is sent, whatever the strategy.
 * </ul>
 *
 * <p>Map form (spec files, journal): {@code bid: {strategy: minimum}}, {@code {strategy: margin, margin: 0.1}},
 * {@code {strategy: cap, max_price: 0.5}}. Immutable value; equal when kind and parameters are equal.
 */
public final class BidStrategy {
  /** The largest margin {@link #margin(double)} accepts: ten times over the minimum bid. */
  public static final double MAX_MARGIN = 10;

  /** The three strategies. */
  public enum Kind {
    /** Bid the offer's minimum bid. */
    MINIMUM,
    /** Bid the minimum bid × (1 + margin). */
    MARGIN,
    /** Bid a fixed maximum; offers whose minimum bid is higher are unusable. */
    CAP;

    /** The name in the map form: {@code minimum}, {@code margin}, {@code cap}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final BidStrategy MINIMUM = new BidStrategy(Kind.MINIMUM, 0, null);

  private final Kind kind;
  private final double margin;
  private final Money maxPerHour;

  private BidStrategy(Kind kind, double margin, Money maxPerHour) {
    this.kind = kind;
    this.margin = margin;
    this.maxPerHour = maxPerHour;
  }

  /** Bid exactly the offer's minimum bid (the default). */
  public static BidStrategy minimum() {
    return MINIMUM;
  }

  /**
   * Bid the minimum bid × (1 + {@code fraction}); 0.1 bids 10 % over the minimum.
   *
   * @param fraction in [0, 10]
   * @throws IllegalArgumentException when {@code fraction} is outside [0, 10] or not a number
   */
  public static BidStrategy margin(double fraction) {
    if (!(fraction >= 0 && fraction <= MAX_MARGIN)) {
      throw new IllegalArgumentException("bid margin must be in [0, 10] (0.1 bids 10 % over the minimum bid), got "
          + show(fraction));
    }
    return new BidStrategy(Kind.MARGIN, fraction == 0 ? 0 : fraction, null);
  }

  /**
   * Bid {@code maxPerHour} on every bid-market offer; an offer whose minimum bid exceeds it is skipped.
   *
   * @param maxPerHour the bid per hour, positive
   * @throws IllegalArgumentException when {@code maxPerHour} is null, zero or negative
   */
  public static BidStrategy cap(Money maxPerHour) {
    if (maxPerHour == null || maxPerHour.amount().signum() <= 0) {
      throw new IllegalArgumentException("bid cap (bid.max_price) must be a positive amount per hour, got "
          + (maxPerHour == null ? "nothing" : maxPerHour.toString()));
    }
    return new BidStrategy(Kind.CAP, 0, maxPerHour);
  }

  public Kind kind() {
    return kind;
  }

  /** The margin of a {@link Kind#MARGIN} strategy; 0 for the others. */
  public double margin() {
    return margin;
  }

  /** The cap of a {@link Kind#CAP} strategy; null for the others. */
  public Money maxPerHour() {
    return maxPerHour;
  }

  /**
   * Whether an offer with this minimum bid can be used: false only for a cap below {@code minBid}.
   *
   * @param minBid the offer's minimum bid per hour, or null when it has no bid market (always allowed)
   */
  public boolean allows(Money minBid) {
    return kind != Kind.CAP || minBid == null || minBid.compareTo(maxPerHour) <= 0;
  }

  /**
   * The bid for an offer with this minimum bid: the minimum, the minimum with the margin (6 decimals, half-even),
   * or the cap. Check {@link #allows(Money)} first.
   *
   * @param minBid the offer's minimum bid per hour, or null when it has no bid market
   * @return the bid, or null when {@code minBid} is null (no bid is sent)
   * @throws IllegalArgumentException when {@link #allows(Money)} is false for {@code minBid}
   */
  public Money bidFor(Money minBid) {
    if (minBid == null) return null;
    return switch (kind) {
      case MINIMUM -> minBid;
      case MARGIN -> minBid.times(BigDecimal.ONE.add(BigDecimal.valueOf(margin)));
      case CAP -> {
        if (!allows(minBid)) {
          throw new IllegalArgumentException("minimum bid " + minBid + " exceeds the bid cap " + maxPerHour
              + "; check allows(minBid) before bidFor");
        }
        yield maxPerHour;
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BidStrategy b && kind == b.kind && Double.compare(margin, b.margin) == 0
        && Objects.equals(maxPerHour, b.maxPerHour);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, margin, maxPerHour);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case MINIMUM -> "BidStrategy[minimum]";
      case MARGIN -> "BidStrategy[margin " + show(margin) + "]";
      case CAP -> "BidStrategy[cap " + maxPerHour + "]";
    };
  }

  private static String show(double d) {
    return Double.isNaN(d) || Double.isInfinite(d) ? String.valueOf(d)
        : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
