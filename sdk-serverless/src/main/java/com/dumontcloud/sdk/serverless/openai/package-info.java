/**
 * Typed request and response models of the OpenAI-compatible API subset the router speaks.
 */
package com.dumontcloud.sdk.serverless.openai;
