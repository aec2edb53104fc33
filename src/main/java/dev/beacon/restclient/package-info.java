/**
 * The REST client: the one client of the SignalR Service data-plane REST API (Azure's or
 * the local service's). Every operation, signed in one place, retried by one policy, with
 * a small exception family; and what only Azure mode runs beside it (endpoint health
 * checks, the Entra ID key for client tokens).
 */
@NullMarked
package dev.beacon.restclient;

import org.jspecify.annotations.NullMarked;
