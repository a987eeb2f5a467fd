/**
 * A real HTTP model-server stub on loopback speaking the OpenAI-compatible subset, started per simulated replica.
 */
package com.dumontcloud.sdk.testkit.modelserver;
