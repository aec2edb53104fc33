/**
 * The upstream receiver: client invocations and connection events from SignalR Service,
 * signature-checked and dispatched to {@link dev.beacon.upstream.HubMethod} beans and
 * application events.
 */
@NullMarked
package dev.beacon.upstream;

import org.jspecify.annotations.NullMarked;
