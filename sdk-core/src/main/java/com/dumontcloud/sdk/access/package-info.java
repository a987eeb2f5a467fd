/**
 * Access control: who may do what to which GPU capacity.
 *
 * <p>A {@link com.dumontcloud.sdk.access.Principal} (a subject, its teams and its roles) is bound to a client with
 * {@code dumont.as(principal)}; every call through that view is checked by the
 * {@link com.dumontcloud.sdk.access.AccessPolicy} before it acts, and a refusal is an
 * {@link com.dumontcloud.sdk.exception.AccessDeniedException} naming the missing
 * {@link com.dumontcloud.sdk.access.Permission}. {@link com.dumontcloud.sdk.access.Role}s grant permissions
 * everywhere or on the principal's own resources only: a resource is its own when its {@code dumont-principal}
 * label is the subject or its {@code dumont-team} label one of the principal's teams (launches through a bound view
 * carry both labels). Team {@link com.dumontcloud.sdk.access.Quota}s cap GPU hours, concurrent instances and monthly
 * spend before every billable action.
 *
 * <p>Identity comes from elsewhere: API keys or OIDC tokens in {@code dumont serve}, or
 * {@link com.dumontcloud.sdk.access.SamlAdapter} for attributes a host application's SAML library has already
 * validated; {@link com.dumontcloud.sdk.access.GroupMapping} turns an identity provider's groups into roles and
 * teams. A client with no principal bound behaves exactly as without access control.
 */
package com.dumontcloud.sdk.access;
