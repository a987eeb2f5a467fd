/**
 * The client API: {@link com.dumontcloud.sdk.Dumont} with offers, instances and costs, and {@link com.dumontcloud.sdk.Secret}.
 */
package com.dumontcloud.sdk;
