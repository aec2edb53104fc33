/**
 * Turns the Azure SignalR connection string and hub settings into validated value objects
 * at startup, and owns the service's naming rules.
 */
@NullMarked
package dev.beacon.endpoint;

import org.jspecify.annotations.NullMarked;
