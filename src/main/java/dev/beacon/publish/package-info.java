/**
 * The one client of the SignalR Service data-plane REST API: every operation, signed,
 * safely retried, with a small exception family.
 */
@NullMarked
package dev.beacon.publish;

import org.jspecify.annotations.NullMarked;
