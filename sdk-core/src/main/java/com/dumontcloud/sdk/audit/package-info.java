/**
 * Audit records of every provider operation and where they go (SLF4J, memory, JSON lines).
 */
package com.dumontcloud.sdk.audit;
