/**
 * Helpers of the {@code dumont endpoints} commands.
 */
package com.dumontcloud.cli.endpoints;
