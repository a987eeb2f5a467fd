/** Remote commands and file copies on instances over SSH ({@link com.dumontcloud.sdk.remote.RemoteShell}). */
package com.dumontcloud.sdk.remote;
