package com.dumontcloud.sdk.exception;

/**
 * A quota blocks the request: the provider account's (from the provider's answer) or a team's
 * ({@link com.dumontcloud.sdk.access.Quota}, checked by the SDK before the action; {@link #team()} names it).
 */
public class QuotaExceededException extends ProviderException {
  private final String team;

  public QuotaExceededException(ProviderErrorDetails details) {
    super(details);
    this.team = null;
  }

  public QuotaExceededException(ProviderErrorDetails details, Throwable cause) {
    super(details, cause);
    this.team = null;
  }

  /**
   * A team quota refused the action.
   *
   * @param message one line naming the team, the limit, the usage and the fix
   */
  public QuotaExceededException(String team, String operation, String message) {
    super(message, operation);
    this.team = team;
  }

  /** The team whose quota refused the action, or null for a provider's quota. */
  public String team() {
    return team;
  }
}
