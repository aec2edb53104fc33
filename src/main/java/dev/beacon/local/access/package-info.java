/**
 * The local service's side of tokens: it checks the client and REST tokens it receives,
 * and tells Beacon's negotiate and REST client where the local service is.
 */
@NullMarked
package dev.beacon.local.access;

import org.jspecify.annotations.NullMarked;
