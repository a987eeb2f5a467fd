/**
 * Implementation of the TensorDock provider; not public API. {@code TensorDockProvider} is the adapter,
 * {@code TensorDockApi} the HTTP edge (token, rate limit, error classification, envelope unwrapping),
 * {@code TensorDockOffers} the hostnode/location-to-offer translation and pricing, {@code TensorDockV0} the legacy
 * API v0 translated to the v2 shapes, {@code TensorDockStates} the one state
 * table and {@code LabelStore} the local label store (TensorDock has no labels).
 */
package com.dumontcloud.sdk.tensordock.internal;
