/** Routing, handlers and error mapping of the server; not part of the compatibility promise. */
package com.dumontcloud.sdk.server.internal;
