package dev.beacon.local.cluster;

/**
 * The Redis channels and keys of the clustered local service. Channels: {@code all}
 * (every replica), one per replica (answers and acks), one per connection (its owner),
 * one per user and one per group (the replicas with a local connection of that user or in
 * that group). Keys of one hub share a hash tag, so a Redis Cluster keeps them on one
 * slot: the connections ({@code conns}: id to owner and user), each user's connections,
 * each group's direct members, each connection's direct groups, user-group memberships
 * with their expiry both ways, and each user's groups joined without a ttl by when.
 */
final class ClusterKeys {

	private final String prefix;

	ClusterKeys(String storePrefix) {
		this.prefix = storePrefix + "local:";
	}

	String allChannel() {
		return this.prefix + "all";
	}

	String replicaChannel(String replica) {
		return this.prefix + "replica:" + replica;
	}

	String connectionChannel(String hub, String connectionId) {
		return this.prefix + "conn:" + hub + ":" + connectionId;
	}

	String userChannel(String hub, String userId) {
		return this.prefix + "user:" + hub + ":" + userId;
	}

	String groupChannel(String hub, String group) {
		return this.prefix + "group:" + hub + ":" + group;
	}

	String replicas() {
		return this.prefix + "replicas";
	}

	String heartbeat(String replica) {
		return this.prefix + "heartbeat:" + replica;
	}

	String connections(String hub) {
		return hub(hub) + "conns";
	}

	String user(String hub, String userId) {
		return hub(hub) + "user:" + userId;
	}

	String group(String hub, String group) {
		return hub(hub) + "group:" + group;
	}

	String connectionGroups(String hub, String connectionId) {
		return hub(hub) + "cgroups:" + connectionId;
	}

	String userGroups(String hub, String userId) {
		return hub(hub) + "ugroups:" + userId;
	}

	/** A sorted set: the groups a user joined without a ttl, scored by when. */
	String userGroupsWithoutTtl(String hub, String userId) {
		return hub(hub) + "ugroups-nottl:" + userId;
	}

	String groupUsers(String hub, String group) {
		return hub(hub) + "gusers:" + group;
	}

	/** Set when a replica's connections were swept: it must announce them again. */
	String swept(String replica) {
		return this.prefix + "swept:" + replica;
	}

	String token(String token) {
		return this.prefix + "token:" + token;
	}

	String hubs() {
		return this.prefix + "hubs";
	}

	private String hub(String hub) {
		return this.prefix + "{" + hub + "}:";
	}

}
