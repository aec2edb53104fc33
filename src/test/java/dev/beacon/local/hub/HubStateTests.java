package dev.beacon.local.hub;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.IntStream;

import dev.beacon.protocol.HubPayload;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group membership as the data-plane Swagger describes it, which the conformance suite
 * found the local service getting wrong: a connection joins a group alone, and of the
 * groups a user joined without a ttl only the latest updated hundred are kept.
 */
class HubStateTests {

	private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

	private static final Instant LATER = NOW.plus(LocalHubs.DEFAULT_USER_GROUP_TTL);

	private final HubState state = new HubState();

	@Test
	void aConnectionJoinsAGroupAloneNotWithItsUsersOtherConnections() {
		LocalConnection joined = connection("c1", "alice");
		LocalConnection other = connection("c2", "alice");

		this.state.addToGroup("ops", joined.id());

		assertThat(this.state.group("ops", NOW)).containsExactly(joined);
		assertThat(this.state.userInGroup("alice", "ops", NOW)).as("the check: a connection of the user is in it")
			.isTrue();
		assertThat(this.state.groupsOf(other, NOW)).isEmpty();
	}

	@Test
	void aUserInAGroupTakesItsCurrentAndLaterConnectionsAlong() {
		LocalConnection current = connection("c1", "alice");
		this.state.addUserToGroup("alice", "ops", NOW.plusSeconds(60));
		LocalConnection later = connection("c2", "alice");

		assertThat(this.state.group("ops", NOW)).containsExactlyInAnyOrder(current, later);
		assertThat(this.state.group("ops", NOW.plusSeconds(60))).isEmpty();
	}

	@Test
	void ofTheGroupsAUserJoinedWithoutATtlOnlyTheLatestHundredAreKept() {
		this.state.addUserToGroup("alice", "timed", NOW.plus(Duration.ofMinutes(5)));
		IntStream.rangeClosed(0, LocalHubs.MAX_USER_GROUPS_WITHOUT_TTL)
			.forEach((group) -> this.state.addUserToGroupWithoutTtl("alice", "g" + group, LATER));

		assertThat(this.state.userInGroup("alice", "g0", NOW)).as("the oldest").isFalse();
		assertThat(this.state.userInGroup("alice", "g1", NOW)).isTrue();
		assertThat(this.state.userInGroup("alice", "g" + LocalHubs.MAX_USER_GROUPS_WITHOUT_TTL, NOW)).isTrue();
		assertThat(this.state.userInGroup("alice", "timed", NOW)).as("a group with a ttl does not count").isTrue();
	}

	@Test
	void joiningAgainWithoutATtlMakesAGroupTheLatestAndGivingATtlTakesItOutOfTheCount() {
		this.state.addUserToGroupWithoutTtl("alice", "renewed", LATER);
		this.state.addUserToGroupWithoutTtl("alice", "timed", LATER);
		// A hundred: renewed, timed, g1 to g98
		IntStream.range(1, LocalHubs.MAX_USER_GROUPS_WITHOUT_TTL - 1)
			.forEach((group) -> this.state.addUserToGroupWithoutTtl("alice", "g" + group, LATER));
		this.state.addUserToGroupWithoutTtl("alice", "renewed", LATER);
		this.state.addUserToGroup("alice", "timed", NOW.plus(Duration.ofMinutes(5)));

		this.state.addUserToGroupWithoutTtl("alice", "g100", LATER);
		this.state.addUserToGroupWithoutTtl("alice", "g101", LATER);

		assertThat(this.state.userInGroup("alice", "renewed", NOW)).isTrue();
		assertThat(this.state.userInGroup("alice", "timed", NOW)).isTrue();
		assertThat(this.state.userInGroup("alice", "g1", NOW)).as("now the oldest").isFalse();
		assertThat(this.state.userInGroup("alice", "g2", NOW)).isTrue();
	}

	@Test
	void aSecondConnectionWithALiveIdLeavesTheFirstInPlaceWithItsGroups() {
		LocalConnection live = connection("c1", "alice");
		this.state.addToGroup("ops", live.id());
		this.state.addUserToGroup("alice", "team", LATER);
		LocalConnection duplicate = unadded("c1", "mallory");

		assertThat(this.state.add(duplicate)).isFalse();
		this.state.remove(duplicate);

		assertThat(this.state.connection("c1")).isSameAs(live);
		assertThat(this.state.connections()).containsExactly(live);
		assertThat(this.state.group("ops", NOW)).containsExactly(live);
		assertThat(this.state.groupsOf(live, NOW)).containsExactlyInAnyOrder("ops", "team");
	}

	private LocalConnection connection(String id, @Nullable String userId) {
		LocalConnection connection = unadded(id, userId);
		this.state.add(connection);
		return connection;
	}

	private static LocalConnection unadded(String id, @Nullable String userId) {
		return new LocalConnection(
				new LocalConnection.ConnectionInfo(id, "token-" + id, "chat", userId, Map.of(), "")) {

			@Override
			public String transport() {
				return "none";
			}

			@Override
			protected void write(HubPayload framed) {
			}

			@Override
			protected void terminate() {
			}

		};
	}

}
