/**
 * The {@code dumont} command line (picocli): providers, offers, templates, instances, stats, endpoints, demo. Not a library.
 */
package com.dumontcloud.cli;
