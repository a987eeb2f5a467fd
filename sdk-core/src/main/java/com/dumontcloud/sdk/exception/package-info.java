/**
 * The unchecked {@link com.dumontcloud.sdk.exception.DumontException} hierarchy: client-side failures and provider errors, each naming provider, operation, status and attempts.
 */
package com.dumontcloud.sdk.exception;
