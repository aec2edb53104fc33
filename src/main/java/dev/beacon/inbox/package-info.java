/**
 * The inbox: messages addressed to a user are kept until the user acknowledges them or
 * they expire, and sent again to each connection the user opens, so a user who was away
 * still receives them, at least once.
 */
@NullMarked
package dev.beacon.inbox;

import org.jspecify.annotations.NullMarked;
