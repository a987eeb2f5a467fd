/**
 * Server mode ({@code dumont serve}): {@link com.dumontcloud.sdk.server.DumontServer} serves the seeds' REST API,
 * deployments, the event stream, OpenAI-compatible endpoint URLs and the dashboard; {@link
 * com.dumontcloud.sdk.server.ApiKeys} keeps hashed API keys; {@link com.dumontcloud.sdk.server.ServerLock} keeps one
 * server per state directory.
 */
package com.dumontcloud.sdk.server;
