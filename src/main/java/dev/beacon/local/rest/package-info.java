/**
 * The local service's data-plane REST API: the controllers that answer Beacon's REST
 * client (and any other client of the service's API) as Azure SignalR Service does.
 */
@NullMarked
package dev.beacon.local.rest;

import org.jspecify.annotations.NullMarked;
