package dev.beacon.store;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code spring.data.redis.*} settings Beacon's own Redis connection reads (the names
 * and defaults of Spring Boot's). Bound at startup by the store's registrar, and only
 * with {@code beacon.store.type=redis}, so not a {@code @ConfigurationProperties} bean of
 * its own. Spring Boot's timeouts and pools are not read: {@code beacon.store.timeout}
 * bounds every call.
 *
 * @param url {@code redis://} or {@code rediss://} (TLS) with optional credentials and
 * database; overrides host, port, username, password and database
 * @param host the server's host
 * @param port the server's port
 * @param username the ACL user, if any
 * @param password the password (an Azure Cache for Redis access key)
 * @param database the database index
 * @param ssl TLS
 * @param clientName the name shown by {@code CLIENT LIST}
 * @param cluster a Redis Cluster's seed nodes
 * @param sentinel Redis Sentinel, not supported: read only to be refused by name
 * @param masterreplica static master/replica, not supported: read only to be refused by
 * name
 */
record RedisSettings(@Nullable String url, @DefaultValue("localhost") String host, @DefaultValue("6379") int port,
		@Nullable String username, @Nullable String password, @DefaultValue("0") int database, @DefaultValue Ssl ssl,
		@Nullable String clientName, @DefaultValue Cluster cluster, @DefaultValue Sentinel sentinel,
		@DefaultValue Masterreplica masterreplica) {

	static RedisSettings bind(Binder binder) {
		return binder.bindOrCreate("spring.data.redis", RedisSettings.class);
	}

	/** Never the password, nor the URL that may carry it. */
	@Override
	public String toString() {
		return "RedisSettings[" + ((this.url != null) ? "url (not shown)" : this.host + ":" + this.port) + ", database "
				+ this.database + ", ssl " + this.ssl.enabled() + ", cluster nodes " + this.cluster.nodes() + "]";
	}

	/**
	 * TLS.
	 *
	 * @param enabled whether to connect with TLS (also when the URL says
	 * {@code rediss://})
	 * @param bundle an SSL bundle, not supported: read only to be refused by name
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
	 * @param nodes the sentinels
	 */
	record Sentinel(@Nullable String master, @DefaultValue List<String> nodes) {
	}

	/**
	 * Static master/replica.
	 *
	 * @param nodes the servers
	 */
	record Masterreplica(@DefaultValue List<String> nodes) {
	}

}
