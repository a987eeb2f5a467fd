/** The remote client's side of {@code Dumont.remote(uri, key)}: providers proxied over a dumont server's API. */
package com.dumontcloud.sdk.internal.remote;
