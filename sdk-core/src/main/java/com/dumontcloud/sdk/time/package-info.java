/**
 * Time and timers behind an interface so tests run on virtual time.
 */
package com.dumontcloud.sdk.time;
