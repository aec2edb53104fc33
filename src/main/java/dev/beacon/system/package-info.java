/**
 * Cross-cutting web concerns: RFC 9457 problem details, CORS and the clock.
 */
@NullMarked
package dev.beacon.system;

import org.jspecify.annotations.NullMarked;
