/**
 * How Beacon proves who it is to the SignalR Service: the connection string's AccessKey
 * (HS256 tokens) or a Microsoft Entra ID identity (OAuth tokens for the REST API, and the
 * key for client tokens fetched with them).
 */
@NullMarked
package dev.beacon.credential;

import org.jspecify.annotations.NullMarked;
