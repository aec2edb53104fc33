/**
 * Where Beacon keeps what several replicas must share: the choice of store (memory or
 * Redis), its connection settings and timeout, its health, and the identity of this
 * replica. Each feature's own store interface and its two implementations sit in that
 * feature.
 */
@NullMarked
package dev.beacon.store;

import org.jspecify.annotations.NullMarked;
