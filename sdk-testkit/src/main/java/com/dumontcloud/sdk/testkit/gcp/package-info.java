/**
 * {@link com.dumontcloud.sdk.testkit.gcp.FakeGcpServer}: Compute Engine v1, the OAuth token endpoint, the metadata
 * server and the Billing Catalog on loopback, stateful and on virtual time.
 */
package com.dumontcloud.sdk.testkit.gcp;
