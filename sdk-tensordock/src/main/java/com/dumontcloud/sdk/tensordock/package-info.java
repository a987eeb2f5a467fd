/**
 * The TensorDock provider (id {@code tensordock}, API v2): {@link com.dumontcloud.sdk.tensordock.TensorDockProviderFactory}.
 */
package com.dumontcloud.sdk.tensordock;
