package dev.beacon.inbox;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link InboxStore} promises, run against each implementation by a subclass:
 * order, de-duplication by id, the size limit, expiry, acknowledgments confined to their
 * user, the hub's count, awkward names, and arguments kept exactly as sent. Instants are
 * whole milliseconds, the precision Redis keeps, and near the real clock with lifetimes
 * of hours: Redis expires a user's keys in real time.
 */
abstract class InboxStoreContract {

	static final String HUB = "notifications";

	static final Duration TTL = Duration.ofHours(1);

	static final int MAX = 1000;

	/** How a message to a user is parsed from a request body: untyped JSON values. */
	static final JsonMapper JSON = JsonMapper.builder().build();

	final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	InboxStore store;

	/**
	 * A store with nothing in it, isolated from the stores of other tests.
	 * @return the store
	 */
	abstract InboxStore newStore();

	@BeforeEach
	void newEmptyStore() {
		this.store = newStore();
	}

	@Test
	void pendingIsOldestFirstAndLeavesTheMessagesInPlace() {
		InboxMessage first = message("m-z", 0);
		InboxMessage second = message("m-a", 1);
		InboxMessage third = message("m-m", 2);
		add("alice", first);
		add("alice", second);
		add("alice", third);

		assertThat(this.store.pending(HUB, "alice", this.now)).isEqualTo(pending(0, first, second, third));
		assertThat(this.store.pending(HUB, "alice", this.now)).isEqualTo(pending(0, first, second, third));
		assertThat(this.store.pending(HUB, "bob", this.now)).isEqualTo(pending(0));
		assertThat(this.store.pending("other", "alice", this.now)).isEqualTo(pending(0));
	}

	@Test
	void theSameIdTwiceIsKeptOnceAsFirstKept() {
		InboxMessage original = message("m1", 0);
		add("alice", original);

		InboxMessage again = new InboxMessage("m1", "changed", List.of("other"), at(5), at(5).plus(TTL));
		assertThat(this.store.add(HUB, "alice", again, MAX)).isZero();

		assertThat(this.store.pending(HUB, "alice", this.now)).isEqualTo(pending(0, original));
		assertThat(this.store.pendingCount(HUB, this.now)).isEqualTo(1);
	}

	@Test
	void pastTheMaximumTheOldestAreDroppedAndCounted() {
		InboxMessage m1 = message("m1", 0);
		InboxMessage m2 = message("m2", 1);
		InboxMessage m3 = message("m3", 2);
		InboxMessage m4 = message("m4", 3);
		InboxMessage m5 = message("m5", 4);
		assertThat(this.store.add(HUB, "alice", m1, 3)).isZero();
		assertThat(this.store.add(HUB, "alice", m2, 3)).isZero();
		assertThat(this.store.add(HUB, "alice", m3, 3)).isZero();
		assertThat(this.store.add(HUB, "alice", m4, 3)).isEqualTo(1);
		assertThat(this.store.add(HUB, "alice", m3, 3)).isZero();
		assertThat(this.store.pending(HUB, "alice", this.now)).isEqualTo(pending(0, m2, m3, m4));

		// A lower maximum (a changed setting) drops as many as it takes at once
		assertThat(this.store.add(HUB, "alice", m5, 2)).isEqualTo(2);

		assertThat(this.store.pending(HUB, "alice", this.now)).isEqualTo(pending(0, m4, m5));
		assertThat(this.store.pendingCount(HUB, this.now)).isEqualTo(2);
	}

	@Test
	void messagesKeptInTheSameMillisecondComeBackInTheOrderTheyWereKept() {
		InboxMessage first = message("m-z", 0);
		InboxMessage second = message("m-a", 0);
		InboxMessage third = message("m-m", 0);
		add("alice", first);
		add("alice", second);
		add("alice", third);

		assertThat(this.store.pending(HUB, "alice", this.now)).isEqualTo(pending(0, first, second, third));
		assertThat(this.store.add(HUB, "alice", message("m-next", 0), 3)).isEqualTo(1);
		assertThat(this.store.pending(HUB, "alice", this.now).messages()).extracting(InboxMessage::id)
			.containsExactly("m-a", "m-m", "m-next");
	}

	@Test
	void eachMessageKeepsItsOwnExpiryWhenALaterOneLivesShorter() throws Exception {
		InboxMessage longLived = message("long", 0);
		add("alice", longLived);
		Instant shortStart = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		add("alice", new InboxMessage("short", "t", List.of(), shortStart, shortStart.plusMillis(100)));

		// A sleep, not a wait: the short message's 100 ms must run out, by Redis's clock
		// too
		Thread.sleep(300);

		Instant later = Instant.now();
		assertThat(this.store.pending(HUB, "alice", later).messages()).containsExactly(longLived);
		assertThat(this.store.pendingCount(HUB, later)).isEqualTo(1);
	}

	@Test
	void pendingRemovesExpiredMessagesAndSaysHowMany() {
		InboxMessage expired = new InboxMessage("old", "t", List.of(), at(-7200), at(-1));
		InboxMessage expiresNow = new InboxMessage("now", "t", List.of(), at(-3600), at(0));
		InboxMessage live = message("live", 0);
		add("alice", expired);
		add("alice", expiresNow);
		add("alice", live);
		add("bob", new InboxMessage("bob-old", "t", List.of(), at(-7200), at(-1)));

		assertThat(this.store.pending(HUB, "alice", this.now)).isEqualTo(pending(2, live));
		assertThat(this.store.pending(HUB, "alice", this.now)).isEqualTo(pending(0, live));
		assertThat(this.store.pending(HUB, "alice", at(0).plus(TTL))).isEqualTo(pending(1));
		assertThat(this.store.pending(HUB, "alice", this.now)).isEqualTo(pending(0));
		assertThat(this.store.pending(HUB, "bob", this.now)).isEqualTo(pending(1));
	}

	@Test
	void acknowledgeRemovesOnlyTheGivenIdsOfThatUserAndCountsThem() {
		InboxMessage m1 = message("m1", 0);
		InboxMessage m2 = message("m2", 1);
		InboxMessage m3 = message("m3", 2);
		add("alice", m1);
		add("alice", m2);
		add("alice", m3);
		add("bob", m1);

		assertThat(this.store.acknowledge(HUB, "alice", List.of("m1", "m3", "unknown", "m1"))).isEqualTo(2);

		assertThat(this.store.pending(HUB, "alice", this.now)).isEqualTo(pending(0, m2));
		assertThat(this.store.pending(HUB, "bob", this.now)).isEqualTo(pending(0, m1));
		assertThat(this.store.acknowledge(HUB, "alice", List.of("m1", "m3"))).isZero();
		assertThat(this.store.acknowledge(HUB, "alice", List.of())).isZero();
		assertThat(this.store.acknowledge("other", "alice", List.of("m2"))).isZero();
		assertThat(this.store.acknowledge(HUB, "alice", List.of("m2"))).isEqualTo(1);
		assertThat(this.store.pending(HUB, "alice", this.now)).isEqualTo(pending(0));
		assertThat(this.store.pendingCount(HUB, this.now)).isEqualTo(1);
	}

	@Test
	void anotherUsersAcknowledgmentOfTheSameIdRemovesNothing() {
		InboxMessage m1 = message("m1", 0);
		add("alice", m1);

		assertThat(this.store.acknowledge(HUB, "bob", List.of("m1"))).isZero();
		assertThat(this.store.acknowledge(HUB, "alice ", List.of("m1"))).isZero();
		assertThat(this.store.acknowledge(HUB, "Alice", List.of("m1"))).isZero();

		assertThat(this.store.pending(HUB, "alice", this.now)).isEqualTo(pending(0, m1));
		assertThat(this.store.pendingCount(HUB, this.now)).isEqualTo(1);
	}

	@Test
	void pendingCountCountsUnexpiredMessagesOfEveryUserOfTheHub() {
		add("alice", message("a1", 0));
		add("alice", new InboxMessage("a2", "t", List.of(), at(0), at(10)));
		add("alice", new InboxMessage("a-old", "t", List.of(), at(-7200), at(-1)));
		add("bob", message("b1", 1));
		add("bob", message("a1", 2));
		this.store.add("other", "alice", message("o1", 0), MAX);

		assertThat(this.store.pendingCount(HUB, this.now)).isEqualTo(4);
		assertThat(this.store.pendingCount(HUB, at(10))).isEqualTo(3);
		assertThat(this.store.pendingCount("other", this.now)).isEqualTo(1);
		assertThat(this.store.pendingCount("empty", this.now)).isZero();

		this.store.acknowledge(HUB, "bob", List.of("a1"));
		assertThat(this.store.pendingCount(HUB, this.now)).isEqualTo(3);
	}

	@Test
	void userIdsAndMessageIdsWithSeparatorsBracesSpacesAndUnicodeAreKeptApart() {
		String user = "a|b:{c} é";
		String id = "a|b:{c} é";
		InboxMessage odd = message(id, 0);
		InboxMessage plain = message("x", 1);
		InboxMessage braces = message("id:{notifications}|🚀", 2);
		add(user, odd);
		add(user, braces);
		add("a", plain);
		add("a|b", plain);
		add("messages:" + user, odd);
		add("all", odd);

		assertThat(this.store.pending(HUB, user, this.now)).isEqualTo(pending(0, odd, braces));
		assertThat(this.store.pendingCount(HUB, this.now)).isEqualTo(6);
		assertThat(this.store.acknowledge(HUB, "a", List.of(id))).isZero();
		assertThat(this.store.acknowledge(HUB, user, List.of(id, "id:{notifications}|🚀"))).isEqualTo(2);

		assertThat(this.store.pending(HUB, user, this.now)).isEqualTo(pending(0));
		assertThat(this.store.pending(HUB, "a", this.now)).isEqualTo(pending(0, plain));
		assertThat(this.store.pending(HUB, "a|b", this.now)).isEqualTo(pending(0, plain));
		assertThat(this.store.pending(HUB, "messages:" + user, this.now)).isEqualTo(pending(0, odd));
		assertThat(this.store.pending(HUB, "all", this.now)).isEqualTo(pending(0, odd));
		assertThat(this.store.pendingCount(HUB, this.now)).isEqualTo(4);
	}

	@Test
	void argumentsOfEveryJsonShapeComeBackExactlyAsSent() {
		String arguments = """
				[{"b":1,"a":[true,null,"x"],"nested":{"k":{"deeper":[]}}},[1,2.5,"three",[]],42,-7,3.25,\
				12345678901234567890,9007199254740993,0.1,"say \\"expiresAtMillis\\":1 to it","\\"expiresAtMillis\\":1",\
				{"expiresAtMillis":1,"createdAtMillis":2,"id":"fake","target":"fake","arguments":[]},\
				{"expiresAtMillis":"99999999999999"},null,"",true,false,"é 🚀 \\u0000 \\n \\\\ / \\"",{}]""";
		List<Object> sent = JSON.readValue(arguments, new TypeReference<List<Object>>() {
		});
		InboxMessage message = new InboxMessage("m1", "newOrder", sent, at(0), at(0).plus(TTL));
		add("alice", message);
		add("alice", new InboxMessage("m2", "empty", List.of(), at(1), at(1).plus(TTL)));

		List<InboxMessage> pending = this.store.pending(HUB, "alice", this.now).messages();

		assertThat(pending).extracting(InboxMessage::id).containsExactly("m1", "m2");
		InboxMessage kept = pending.getFirst();
		assertThat(JSON.writeValueAsString(kept.arguments())).isEqualTo(arguments);
		assertThat(kept.target()).isEqualTo("newOrder");
		assertThat(kept.createdAt()).isEqualTo(at(0));
		assertThat(kept.expiresAt()).isEqualTo(at(0).plus(TTL));
		assertThat(pending.get(1).arguments()).isEmpty();
		assertThat(this.store.pendingCount(HUB, this.now)).isEqualTo(2);
	}

	@Test
	void aStatusEventArgumentComesBackAsTheSameJson() {
		record Status(String id, Long sequence, Instant timestamp, String status, String message,
				java.util.Map<String, Object> details) {
		}
		Status status = new Status("s1", null, at(0), "outage", "Your region is down",
				java.util.Map.of("expiresAtMillis", 1));
		add("alice", new InboxMessage("s1", "statusUpdate", List.of(status), at(0), at(0).plus(TTL)));

		InboxMessage kept = this.store.pending(HUB, "alice", this.now).messages().getFirst();

		assertThat(JSON.writeValueAsString(kept.arguments())).isEqualTo(JSON.writeValueAsString(List.of(status)));
	}

	InboxMessage message(String id, int secondsAfterNow) {
		return new InboxMessage(id, "statusUpdate", List.of(id + " text"), at(secondsAfterNow),
				at(secondsAfterNow).plus(TTL));
	}

	Instant at(int secondsAfterNow) {
		return this.now.plusSeconds(secondsAfterNow);
	}

	void add(String userId, InboxMessage message) {
		assertThat(this.store.add(HUB, userId, message, MAX)).isZero();
	}

	static InboxStore.Pending pending(int expired, InboxMessage... messages) {
		return new InboxStore.Pending(List.of(messages), expired);
	}

}
