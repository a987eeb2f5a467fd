package com.dumontcloud.sdk.exception;

/**
 * The principal lacks the permission for this operation (HTTP 403 in {@code dumont serve}). The message names the
 * principal, the missing permission and the action; {@link #permission()} is the permission's name.
 */
public class AccessDeniedException extends DumontException {
  private final String permission;

  public AccessDeniedException(String message) {
    this(message, null);
  }

  /**
   * @param permission the missing permission's name ({@code gpu.provision}), or null when none is named
   */
  public AccessDeniedException(String message, String permission) {
    super(message);
    this.permission = permission;
  }

  /** The missing permission, e.g. {@code gpu.delete}, or null. */
  public String permission() {
    return permission;
  }
}
