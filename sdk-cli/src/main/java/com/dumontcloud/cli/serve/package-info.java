/** How the CLI's deployments and endpoints commands reach a running {@code dumont serve}. */
package com.dumontcloud.cli.serve;
