/**
 * The test kit: the simulated cloud ({@code sim}), virtual time, fault plans, fake provider servers and the provider contract suite.
 */
package com.dumontcloud.sdk.testkit;
