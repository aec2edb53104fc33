/**
 * Generic messages and group management per hub, with the Azure Functions
 * {@code SignalRMessage} shape so ported code posts the same JSON.
 */
@NullMarked
package dev.beacon.messages;

import org.jspecify.annotations.NullMarked;
