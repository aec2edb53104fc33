package dev.beacon.endpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static dev.beacon.support.TestKeys.connectionString;
import static org.assertj.core.api.Assertions.assertThat;

class EndpointRouterTests {

	static final ServiceEndpoint EAST = endpoint("east");

	static final ServiceEndpoint WEST = endpoint("west");

	static final ServiceEndpoint NORTH = endpoint("north");

	static final List<ServiceEndpoint> ALL = List.of(EAST, WEST, NORTH);

	static final List<String> USERS = IntStream.range(0, 1000).mapToObj((i) -> "user-" + i).toList();

	@Test
	void randomSpreadsOverEveryCandidate() {
		EndpointRouter router = EndpointRouter.random();

		assertThat(picks(router, List.of(EAST, WEST), null)).containsExactlyInAnyOrder(EAST, WEST);
		assertThat(picks(router, ALL, "alice")).containsExactlyInAnyOrderElementsOf(ALL);
	}

	@Test
	void randomChoosesOnlyAmongTheCandidates() {
		assertThat(picks(EndpointRouter.random(), List.of(WEST), null)).containsExactly(WEST);
	}

	@Test
	void stickyPerUserKeepsAUserOnOneEndpointAcrossCallsAndOrderings() {
		EndpointRouter router = EndpointRouter.stickyPerUser();
		Random random = new Random(18);
		for (String user : USERS) {
			ServiceEndpoint first = router.choose(ALL, user);
			List<ServiceEndpoint> shuffled = new ArrayList<>(ALL);
			for (int i = 0; i < 5; i++) {
				Collections.shuffle(shuffled, random);
				assertThat(router.choose(shuffled, user)).as("%s in %s", user, shuffled).isEqualTo(first);
			}
		}
	}

	@Test
	void stickyPerUserSpreadsUsersOverTheEndpoints() {
		Map<ServiceEndpoint, Integer> users = choices(EndpointRouter.stickyPerUser(), ALL);

		// 1000 users over 3 endpoints: about 333 each; a skewed hash would leave one
		// idle.
		assertThat(users).containsOnlyKeys(ALL).allSatisfy((endpoint, count) -> assertThat(count).isBetween(250, 420));
	}

	@Test
	void stickyPerUserMovesOnlyTheUsersOfAnEndpointThatGoesOffline() {
		EndpointRouter router = EndpointRouter.stickyPerUser();
		Set<ServiceEndpoint> movedTo = new HashSet<>();
		for (String user : USERS) {
			ServiceEndpoint before = router.choose(ALL, user);
			ServiceEndpoint after = router.choose(List.of(EAST, NORTH), user);
			if (before.equals(WEST)) {
				movedTo.add(after);
			}
			else {
				assertThat(after).as(user).isEqualTo(before);
			}
			assertThat(router.choose(ALL, user)).as("%s once west is back", user).isEqualTo(before);
		}
		assertThat(movedTo).as("west's users spread over the rest").containsExactlyInAnyOrder(EAST, NORTH);
	}

	@Test
	void stickyPerUserChoosesAtRandomForAnonymousClients() {
		assertThat(picks(EndpointRouter.stickyPerUser(), List.of(EAST, WEST), null)).containsExactlyInAnyOrder(EAST,
				WEST);
	}

	@Test
	void stickyPerUserSendsDifferentUsersToDifferentEndpoints() {
		assertThat(choices(EndpointRouter.stickyPerUser(), List.of(EAST, WEST))).containsOnlyKeys(EAST, WEST);
	}

	/** The distinct endpoints 200 choices land on. */
	private static Set<ServiceEndpoint> picks(EndpointRouter router, List<ServiceEndpoint> candidates, String userId) {
		Set<ServiceEndpoint> picked = new HashSet<>();
		for (int i = 0; i < 200; i++) {
			picked.add(router.choose(candidates, userId));
		}
		return picked;
	}

	private static Map<ServiceEndpoint, Integer> choices(EndpointRouter router, List<ServiceEndpoint> candidates) {
		Map<ServiceEndpoint, Integer> users = new HashMap<>();
		USERS.forEach((user) -> users.merge(router.choose(candidates, user), 1, Integer::sum));
		return users;
	}

	private static ServiceEndpoint endpoint(String name) {
		return ConnectionStringParser.parse(connectionString("https://" + name + ".service.signalr.net"))
			.named(name, EndpointType.PRIMARY);
	}

}
