/**
 * The local service across replicas: every replica sharing one Redis is a member of one
 * SignalR service, with sends routed through Redis pub/sub and membership kept in Redis.
 */
@NullMarked
package dev.beacon.local.cluster;

import org.jspecify.annotations.NullMarked;
