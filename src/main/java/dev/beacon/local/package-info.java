/**
 * The embedded local SignalR service of local mode: client negotiate, WebSockets,
 * Server-Sent Events and long polling with the JSON hub protocol, and the data-plane REST
 * API, so the whole system runs and is tested without Azure.
 */
@NullMarked
package dev.beacon.local;

import org.jspecify.annotations.NullMarked;
