/**
 * The local service as a caller of Beacon's upstream: it posts connection events and
 * client invocations to the upstream URL as Azure SignalR Service does in serverless mode
 * (the receiving side is {@code dev.beacon.upstream}).
 */
@NullMarked
package dev.beacon.local.upstreamclient;

import org.jspecify.annotations.NullMarked;
