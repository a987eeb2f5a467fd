/**
 * The Google Compute Engine provider (id {@code gcp}): GPU and CPU-standby VMs over the Compute REST API, with
 * Application Default Credentials, Billing Catalog prices, zone failover and spot preemption detection. Its only
 * public type is {@link com.dumontcloud.sdk.gcp.GcpProviderFactory}; the rest is in {@code internal}.
 */
package com.dumontcloud.sdk.gcp;
