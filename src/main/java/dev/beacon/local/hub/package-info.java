/**
 * The local service's hubs: connections, users and groups, the hub protocols spoken with
 * clients, and every operation its REST API applies to them (on this replica, or through
 * {@code local.cluster} on all).
 */
@NullMarked
package dev.beacon.local.hub;

import org.jspecify.annotations.NullMarked;
