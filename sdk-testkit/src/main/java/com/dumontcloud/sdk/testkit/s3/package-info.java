/**
 * An S3-compatible server in the test's own JVM ({@link com.dumontcloud.sdk.testkit.s3.InProcessS3}), so
 * object-store checkpoints run end to end on loopback: real HTTP, real SigV4 (header and presigned query
 * authentication), real Content-MD5 checks.
 */
package com.dumontcloud.sdk.testkit.s3;
