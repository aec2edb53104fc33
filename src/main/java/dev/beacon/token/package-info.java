/**
 * Mints the HS256 access tokens SignalR Service accepts, with time from an injected
 * clock.
 */
@NullMarked
package dev.beacon.token;

import org.jspecify.annotations.NullMarked;
