/**
 * The SignalR wire contract, used by both sides of every exchange (the embedded local
 * service and Beacon's own client and receiver), so they cannot drift apart: naming
 * rules, the upstream headers, claims and signature, the JSON and MessagePack hub
 * protocols and the handshake that picks one, the REST audience rule and the token
 * claims. Plain code: no beans, no feature imports.
 */
@NullMarked
package dev.beacon.protocol;

import org.jspecify.annotations.NullMarked;
