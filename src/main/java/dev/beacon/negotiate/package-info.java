/**
 * {@code /api/negotiate}: redirects SignalR clients to the service with a fresh access
 * token.
 */
@NullMarked
package dev.beacon.negotiate;

import org.jspecify.annotations.NullMarked;
