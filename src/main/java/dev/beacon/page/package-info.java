/**
 * The live status page at {@code /} and the small configuration it reads.
 */
@NullMarked
package dev.beacon.page;

import org.jspecify.annotations.NullMarked;
