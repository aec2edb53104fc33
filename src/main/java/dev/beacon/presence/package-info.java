/**
 * Presence: who is connected to each hub, as users, anonymously and in groups, kept in
 * the shared store from the upstream's connection events and the group changes Beacon
 * makes, correct when events arrive late, twice or never.
 */
@NullMarked
package dev.beacon.presence;

import org.jspecify.annotations.NullMarked;
