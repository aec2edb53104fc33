/**
 * Which SignalR Service Beacon talks to: connection strings (and their Azure Functions
 * and App Service forms) parsed into validated endpoints at startup, several instances
 * and the routing between them, the hubs Beacon serves, and the mode the whole
 * application runs in (local or Azure). The credentials endpoints carry live in
 * {@code dev.beacon.credential}.
 */
@NullMarked
package dev.beacon.endpoint;

import org.jspecify.annotations.NullMarked;
