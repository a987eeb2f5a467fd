/** A loopback fake of TensorDock API v2 for provider tests: {@link com.dumontcloud.sdk.testkit.tensordock.FakeTensorDockServer}. */
package com.dumontcloud.sdk.testkit.tensordock;
