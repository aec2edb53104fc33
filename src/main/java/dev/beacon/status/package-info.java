/**
 * {@code /api/status}: status events broadcast or targeted as {@code statusUpdate}, the
 * current status, a bounded history, and the scheduled re-broadcast.
 */
@NullMarked
package dev.beacon.status;

import org.jspecify.annotations.NullMarked;
