/** Implementation of the SSH module; not public API. */
package com.dumontcloud.sdk.ssh.internal;
