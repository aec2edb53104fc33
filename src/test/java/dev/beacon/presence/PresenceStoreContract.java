package dev.beacon.presence;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link PresenceStore} promises, run against each implementation by a
 * subclass: counts, idempotent and order-tolerant connection events, paging, groups as
 * the service keeps them, and the reconciliation's claims. Instants are whole
 * milliseconds, the precision Redis keeps; the tombstone is real time, as Redis expires
 * it.
 */
abstract class PresenceStoreContract {

	static final String HUB = "notifications";

	static final Duration TOMBSTONE = Duration.ofMinutes(10);

	static final Duration SHORT_TOMBSTONE = Duration.ofMillis(200);

	final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	PresenceStore store;

	/**
	 * A store with nothing in it, isolated from the stores of other tests.
	 * @return the store
	 */
	abstract PresenceStore newStore();

	@BeforeEach
	void newEmptyStore() {
		this.store = newStore();
	}

	@Test
	void connectedCountsConnectionsUsersAndAnonymousConnections() {
		connect("c1", "alice");
		connect("c2", "alice");
		connect("c3", "bob");
		connect("c4", null);
		connect("c5", null);

		assertThat(this.store.counts(HUB)).isEqualTo(new Presence.Counts(5, 2, 2));
		assertThat(this.store.counts("other")).isEqualTo(new Presence.Counts(0, 0, 0));
	}

	@Test
	void aDuplicateConnectedChangesNothing() {
		assertThat(this.store.connected(HUB, "c1", "alice", this.now)).isTrue();

		assertThat(this.store.connected(HUB, "c1", "alice", this.now.plusSeconds(5))).isFalse();
		assertThat(this.store.connected(HUB, "c1", "bob", this.now.plusSeconds(6))).isFalse();
		assertThat(this.store.connected(HUB, "c1", null, this.now.plusSeconds(7))).isFalse();

		assertThat(this.store.counts(HUB)).isEqualTo(new Presence.Counts(1, 1, 0));
		assertThat(this.store.user(HUB, "alice").connections())
			.containsExactly(new Presence.Connection("c1", this.now));
		assertThat(this.store.user(HUB, "bob").connections()).isEmpty();
	}

	@Test
	void aConnectedAfterItsDisconnectedIsIgnoredWhileTheTombstoneLivesAndAcceptedAfter() throws Exception {
		assertThat(this.store.disconnected(HUB, "c1", Instant.now(), SHORT_TOMBSTONE)).isFalse();

		assertThat(this.store.connected(HUB, "c1", "alice", Instant.now())).isFalse();
		assertThat(this.store.counts(HUB)).isEqualTo(new Presence.Counts(0, 0, 0));

		// A sleep, not a wait: the tombstone must outlive its TTL, which Redis keeps by
		// its own clock
		Thread.sleep(SHORT_TOMBSTONE.multipliedBy(2).toMillis());

		assertThat(this.store.connected(HUB, "c1", "alice", Instant.now())).isTrue();
		assertThat(this.store.counts(HUB)).isEqualTo(new Presence.Counts(1, 1, 0));
	}

	@Test
	void aDuplicateDisconnectedChangesNothing() {
		connect("c1", "alice");
		connect("c2", "alice");

		assertThat(this.store.disconnected(HUB, "c1", this.now, TOMBSTONE)).isTrue();
		assertThat(this.store.disconnected(HUB, "c1", this.now, TOMBSTONE)).isFalse();

		assertThat(this.store.counts(HUB)).isEqualTo(new Presence.Counts(1, 1, 0));
		assertThat(ids(this.store.user(HUB, "alice"))).containsExactly("c2");
	}

	@Test
	void aUserWithSeveralConnectionsIsOnlineUntilTheLastEnds() {
		connect("c1", "alice");
		connect("c2", "alice");
		connect("c3", "alice");
		assertThat(this.store.users(HUB, 10, null).users()).containsExactly(new Presence.User("alice", 3));

		disconnect("c1");
		disconnect("c3");
		assertThat(this.store.users(HUB, 10, null).users()).containsExactly(new Presence.User("alice", 1));
		assertThat(this.store.counts(HUB)).isEqualTo(new Presence.Counts(1, 1, 0));

		disconnect("c2");
		assertThat(this.store.users(HUB, 10, null)).isEqualTo(new Presence.UsersPage(List.of(), null));
		assertThat(this.store.counts(HUB)).isEqualTo(new Presence.Counts(0, 0, 0));
	}

	@Test
	void usersArePagedInIdOrderWithACursorThatAUserAddedBeforeItDoesNotDisturb() {
		for (String user : List.of("dan", "bob", "eve", "ann", "cat")) {
			connect("c-" + user, user);
		}
		connect("c-ann-2", "ann");
		connect("c-anonymous", null);

		Presence.UsersPage first = this.store.users(HUB, 2, null);
		assertThat(first).isEqualTo(
				new Presence.UsersPage(List.of(new Presence.User("ann", 2), new Presence.User("bob", 1)), "bob"));

		connect("c-aaron", "aaron");
		Presence.UsersPage second = this.store.users(HUB, 2, first.nextCursor());
		assertThat(second).isEqualTo(
				new Presence.UsersPage(List.of(new Presence.User("cat", 1), new Presence.User("dan", 1)), "dan"));

		Presence.UsersPage last = this.store.users(HUB, 2, second.nextCursor());
		assertThat(last).isEqualTo(new Presence.UsersPage(List.of(new Presence.User("eve", 1)), null));
		assertThat(this.store.users(HUB, 1, "dan")).isEqualTo(last);
		assertThat(this.store.users(HUB, 2, "eve")).isEqualTo(new Presence.UsersPage(List.of(), null));
	}

	@Test
	void aUsersConnectionsAreOldestFirst() {
		this.store.connected(HUB, "c-late", "alice", this.now.plusSeconds(2));
		this.store.connected(HUB, "c-early", "alice", this.now);
		this.store.connected(HUB, "c-middle", "alice", this.now.plusSeconds(1));
		this.store.connected(HUB, "c-other", "bob", this.now.minusSeconds(1));

		assertThat(this.store.user(HUB, "alice")).isEqualTo(new Presence.UserConnections("alice",
				List.of(new Presence.Connection("c-early", this.now),
						new Presence.Connection("c-middle", this.now.plusSeconds(1)),
						new Presence.Connection("c-late", this.now.plusSeconds(2)))));
		assertThat(this.store.user(HUB, "nobody")).isEqualTo(new Presence.UserConnections("nobody", List.of()));
	}

	@Test
	void connectionsJoinAndLeaveGroups() {
		connect("c1", "alice");
		connect("c2", "bob");
		connect("c3", null);

		this.store.joined(HUB, "ops", "c1");
		this.store.joined(HUB, "ops", "c3");
		this.store.joined(HUB, "ops", "c3");
		assertThat(this.store.group(HUB, "ops"))
			.isEqualTo(new Presence.Group("ops", List.of("c1", "c3"), List.of("alice")));

		this.store.left(HUB, "ops", "c1");
		this.store.left(HUB, "ops", "c2");
		assertThat(this.store.group(HUB, "ops")).isEqualTo(new Presence.Group("ops", List.of("c3"), List.of()));
		assertThat(this.store.group(HUB, "nothing")).isEqualTo(new Presence.Group("nothing", List.of(), List.of()));
	}

	@Test
	void aConnectionLeavesAllItsGroupsAtOnce() {
		connect("c1", "alice");
		connect("c2", "bob");
		this.store.joined(HUB, "g1", "c1");
		this.store.joined(HUB, "g2", "c1");
		this.store.joined(HUB, "g1", "c2");

		this.store.leftAllGroups(HUB, "c1");

		assertThat(this.store.group(HUB, "g1")).isEqualTo(new Presence.Group("g1", List.of("c2"), List.of("bob")));
		assertThat(this.store.group(HUB, "g2").connections()).isEmpty();
	}

	@Test
	void aUserInAGroupBringsEveryConnectionOfTheirsAndTakesThemAlongWhenLeaving() {
		connect("c1", "alice");
		connect("c2", "alice");
		connect("c3", "bob");
		this.store.joined(HUB, "ops", "c3");

		this.store.userJoined(HUB, "ops", "alice");
		connect("c4", "alice");
		assertThat(this.store.group(HUB, "ops"))
			.isEqualTo(new Presence.Group("ops", List.of("c1", "c2", "c3", "c4"), List.of("alice", "bob")));

		this.store.userLeft(HUB, "ops", "alice");
		assertThat(this.store.group(HUB, "ops")).isEqualTo(new Presence.Group("ops", List.of("c3"), List.of("bob")));
	}

	@Test
	void aUserLeavingAGroupTakesTheConnectionsThatJoinedItOnTheirOwn() {
		connect("c1", "alice");
		connect("c2", "alice");
		this.store.joined(HUB, "ops", "c1");
		this.store.joined(HUB, "dev", "c2");

		this.store.userLeft(HUB, "ops", "alice");

		assertThat(this.store.group(HUB, "ops").connections()).isEmpty();
		assertThat(this.store.group(HUB, "dev").connections()).containsExactly("c2");
	}

	@Test
	void aUserLeavesAllGroupsWithAllTheirConnections() {
		connect("c1", "alice");
		connect("c2", "alice");
		connect("c3", "bob");
		this.store.userJoined(HUB, "g1", "alice");
		this.store.userJoined(HUB, "g2", "alice");
		this.store.joined(HUB, "g3", "c2");
		this.store.userJoined(HUB, "g1", "bob");

		this.store.userLeftAllGroups(HUB, "alice");

		assertThat(this.store.group(HUB, "g1")).isEqualTo(new Presence.Group("g1", List.of("c3"), List.of("bob")));
		assertThat(this.store.group(HUB, "g2").connections()).isEmpty();
		assertThat(this.store.group(HUB, "g3").connections()).isEmpty();
		connect("c4", "alice");
		assertThat(this.store.group(HUB, "g1").users()).containsExactly("bob");
	}

	@Test
	void aGroupShowsOnlyMembersWhoAreConnected() {
		this.store.userJoined(HUB, "ops", "carol");
		assertThat(this.store.group(HUB, "ops").connections()).isEmpty();

		connect("c1", "carol");
		assertThat(this.store.group(HUB, "ops")).isEqualTo(new Presence.Group("ops", List.of("c1"), List.of("carol")));

		disconnect("c1");
		assertThat(this.store.group(HUB, "ops")).isEqualTo(new Presence.Group("ops", List.of(), List.of()));
	}

	@Test
	void aDisconnectedConnectionLeavesItsGroups() {
		connect("c1", "alice");
		this.store.joined(HUB, "g1", "c1");
		this.store.joined(HUB, "g2", "c1");

		disconnect("c1");
		connect("c2", "alice");

		assertThat(this.store.group(HUB, "g1").connections()).isEmpty();
		assertThat(this.store.group(HUB, "g2").connections()).isEmpty();
	}

	@Test
	void joiningAGroupIsIgnoredForAConnectionNotConnected() {
		this.store.joined(HUB, "ops", "ghost");
		connect("ghost", "alice");

		assertThat(this.store.group(HUB, "ops").connections()).isEmpty();
	}

	@Test
	void claimStaleTakesOnlyConnectionsLastSeenBeforeTheCutoffAtMostLimitAndEachOnce() {
		this.store.connected(HUB, "c1", "alice", this.now.minus(Duration.ofMinutes(10)));
		this.store.connected(HUB, "c2", null, this.now.minus(Duration.ofMinutes(8)));
		this.store.connected(HUB, "c3", "bob", this.now.minus(Duration.ofMinutes(6)));
		this.store.connected(HUB, "c4", "alice", this.now.minus(Duration.ofMinutes(1)));
		this.store.connected(HUB, "c5", "bob", this.now.minus(Duration.ofMinutes(5)));
		Instant before = this.now.minus(Duration.ofMinutes(5));

		List<String> first = this.store.claimStale(HUB, before, this.now, 2);
		List<String> second = this.store.claimStale(HUB, before, this.now, 10);

		assertThat(first).hasSize(2);
		List<String> claimed = new ArrayList<>(first);
		claimed.addAll(second);
		assertThat(claimed).containsExactlyInAnyOrder("c1", "c2", "c3");
		assertThat(this.store.claimStale(HUB, before, this.now, 10)).isEmpty();
		assertThat(this.store.claimStale(HUB, this.now.plusMillis(1), this.now.plusSeconds(1), 10))
			.containsExactlyInAnyOrder("c1", "c2", "c3", "c4", "c5");
		assertThat(this.store.counts(HUB)).isEqualTo(new Presence.Counts(5, 2, 1));
	}

	@Test
	void namesWithSeparatorsBracesSpacesAndUnicodeAreKeptApart() {
		String user = "a|b:{c} é";
		String prefixOfUser = "a";
		String connection = "conn:{x}|1 ü";
		String group = "g:{y}|z ö 🚀";
		connect(connection, user);
		connect("c|2", user);
		connect("c3", prefixOfUser);
		connect("c4", "user:" + user);

		assertThat(this.store.counts(HUB)).isEqualTo(new Presence.Counts(4, 3, 0));
		Presence.UsersPage first = this.store.users(HUB, 1, null);
		assertThat(first).isEqualTo(new Presence.UsersPage(List.of(new Presence.User(prefixOfUser, 1)), "a"));
		Presence.UsersPage second = this.store.users(HUB, 1, first.nextCursor());
		assertThat(second).isEqualTo(new Presence.UsersPage(List.of(new Presence.User(user, 2)), user));
		assertThat(this.store.users(HUB, 1, second.nextCursor()).users())
			.containsExactly(new Presence.User("user:" + user, 1));
		assertThat(ids(this.store.user(HUB, user))).containsExactlyInAnyOrder(connection, "c|2");

		this.store.joined(HUB, group, connection);
		this.store.userJoined(HUB, group, "user:" + user);
		assertThat(this.store.group(HUB, group))
			.isEqualTo(new Presence.Group(group, List.of("c4", connection), List.of(user, "user:" + user)));

		assertThat(this.store.disconnected(HUB, connection, this.now, TOMBSTONE)).isTrue();
		assertThat(this.store.group(HUB, group).connections()).containsExactly("c4");
		assertThat(this.store.connected(HUB, connection, user, this.now)).isFalse();
		assertThat(this.store.claimStale(HUB, this.now.plusMillis(1), this.now, 10)).containsExactlyInAnyOrder("c|2",
				"c3", "c4");
		this.store.userLeftAllGroups(HUB, "user:" + user);
		assertThat(this.store.group(HUB, group).connections()).isEmpty();
	}

	private void connect(String connectionId, String userId) {
		assertThat(this.store.connected(HUB, connectionId, userId, this.now)).isTrue();
	}

	private void disconnect(String connectionId) {
		assertThat(this.store.disconnected(HUB, connectionId, this.now, TOMBSTONE)).isTrue();
	}

	private static List<String> ids(Presence.UserConnections user) {
		return user.connections().stream().map(Presence.Connection::connectionId).toList();
	}

}
