/**
 * Implementation of the object-store checkpoints: host scripts, S3 clients, the manifest. Not part of the
 * compatibility promise.
 */
package com.dumontcloud.sdk.objectstore.internal;
