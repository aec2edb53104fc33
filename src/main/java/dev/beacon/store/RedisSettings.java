package dev.beacon.store;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code spring.data.redis.*} settings Beacon's own Redis connection reads (the names
 * and defaults of Spring Boot's): bound at startup only with
 * {@code beacon.store.type=redis}.
 *
 * @param url {@code redis://} or {@code rediss://} (TLS) with optional credentials and
 * database; overrides host, port, username, password, database and TLS
 * @param host the server's host
 * @param port the server's port
 * @param username the ACL user, if any
 * @param password the password (an Azure Cache for Redis access key)
 * @param database the database index
 * @param ssl TLS
 * @param clientName the name shown by {@code CLIENT LIST}
 * @param cluster a Redis Cluster's seed nodes
 * @param sentinel Redis Sentinel, not supported: set only to be refused by name
 */
record RedisSettings(@Nullable String url, @DefaultValue("localhost") String host, @DefaultValue("6379") int port,
		@Nullable String username, @Nullable String password, @DefaultValue("0") int database, @DefaultValue Ssl ssl,
		@Nullable String clientName, @DefaultValue Cluster cluster, @DefaultValue Sentinel sentinel) {

	/**
	 * TLS.
	 *
	 * @param enabled whether to connect with TLS
	 * @param bundle an SSL bundle, not supported: set only to be refused by name
	 */
	record Ssl(@DefaultValue("false") boolean enabled, @Nullable String bundle) {
	}

	/**
	 * Redis Cluster.
	 *
	 * @param nodes {@code host:port} seeds; empty for a single server
	 */
	record Cluster(@DefaultValue List<String> nodes) {
	}

	/**
	 * Redis Sentinel.
	 *
	 * @param master the master's name
	 */
	record Sentinel(@Nullable String master) {
	}

}
