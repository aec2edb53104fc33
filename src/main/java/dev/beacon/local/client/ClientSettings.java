package dev.beacon.local.client;

/**
 * What the client transports are configured with.
 *
 * @param outboundBufferSize bytes queued for one slow client before it is closed
 */
public record ClientSettings(int outboundBufferSize) {

}
