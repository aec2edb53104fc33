/**
 * The local service's client endpoints: client negotiate and the three transports
 * (WebSockets, Server-Sent Events, long polling), and the connection tokens any replica
 * accepts.
 */
@NullMarked
package dev.beacon.local.client;

import org.jspecify.annotations.NullMarked;
