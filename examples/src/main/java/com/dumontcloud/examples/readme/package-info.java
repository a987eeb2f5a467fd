/**
 * The Java code blocks of the project's README, verbatim between {@code // README:begin} and
 * {@code // README:end} (a test keeps them equal to the README and runs each one on the simulated cloud).
 */
package com.dumontcloud.examples.readme;
