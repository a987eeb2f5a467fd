/**
 * Checkpoints in S3-compatible object stores through presigned URLs
 * ({@link com.dumontcloud.sdk.objectstore.ObjectStoreDataSync}); registered for {@code s3://} checkpoint stores
 * by {@link com.dumontcloud.sdk.objectstore.ObjectStoreDataSyncFactory}. See {@code docs/data-protection.md}.
 */
package com.dumontcloud.sdk.objectstore;
