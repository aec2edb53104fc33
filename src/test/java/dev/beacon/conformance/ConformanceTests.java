package dev.beacon.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.beacon.credential.AccessKey;
import dev.beacon.credential.EntraCredential;
import dev.beacon.restclient.GroupMember;
import dev.beacon.restclient.GroupMembersPage;
import dev.beacon.restclient.SignalRClientResultException;
import dev.beacon.restclient.SignalRCommand;
import dev.beacon.restclient.SignalRMessage;
import dev.beacon.restclient.SignalRNotFoundException;
import dev.beacon.support.OfficialClients.Client;
import io.reactivex.rxjava3.core.Single;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static dev.beacon.conformance.ConformanceTarget.unique;
import static dev.beacon.restclient.ApiVersion.V2024_12_01;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The conformance suite: each data-plane operation Beacon's REST client uses, called
 * through that client against the run's target, local service or a resource of the user's
 * (docs/conformance.md), and what it does observed with official Java clients connected
 * straight to the service. One row of the report per test, in this order; the last two,
 * throttling and the upstream's signature, are in {@link ThrottlingAndUpstreamChecks}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConformanceTests extends ThrottlingAndUpstreamChecks {

	@Test
	@Order(1)
	@DisplayName("health: HEAD /api/health")
	void theServiceIsHealthy() {
		rest().checkHealth();
	}

	@Test
	@Order(2)
	@DisplayName("key for client tokens (Microsoft Entra ID): GET /api/v1/auth/accessKey")
	void anEntraIdentityIsGivenTheKeyItSignsClientTokensWith() {
		assumeTrue(target.endpoint().credential() instanceof EntraCredential,
				"the connection string has an AccessKey, which signs client tokens itself");
		AccessKey key = target.signingKey(Duration.ofSeconds(60));
		assertThat(key.id()).as("the key's id").isNotBlank();
		Client client = connect(unique("user"));
		assertThat(rest().connectionExists(this.hub, client.id())).isTrue();
	}

	@Test
	@Order(10)
	@DisplayName("send to all, excluding connections: POST /api/hubs/{hub}/:send?excluded=")
	void sendToAllReachesEveryConnectionButTheExcluded() {
		Client client = connect(unique("user"));
		Client excluded = connectAnonymous();

		rest().sendToAll(this.hub, message("all but one"), List.of(excluded.id()));
		rest().sendToAll(this.hub, message("all"), List.of());

		assertReceived(client, "all but one");
		assertReceived(client, "all");
		assertReceivedOnly(excluded, "all", "all but one");
	}

	@Test
	@Order(11)
	@DisplayName("send to a user: POST /api/hubs/{hub}/users/{user}/:send")
	void sendToUserReachesEveryConnectionOfTheUserAndNoOther() {
		String user = unique("user");
		Client first = connect(user);
		Client second = connect(user);
		Client other = connect(unique("user"));

		rest().sendToUser(this.hub, user, message("to the user"));
		rest().sendToConnection(this.hub, other.id(), message("later"));

		assertReceived(first, "to the user");
		assertReceived(second, "to the user");
		assertReceivedOnly(other, "later", "to the user");
	}

	@Test
	@Order(12)
	@DisplayName("send to a group, excluding connections: POST /api/hubs/{hub}/groups/{group}/:send?excluded=")
	void sendToGroupReachesItsMembersButTheExcluded() {
		String group = unique("group");
		Client member = connect(unique("user"));
		Client excluded = connectAnonymous();
		Client outsider = connectAnonymous();
		rest().addConnectionToGroup(this.hub, group, member.id());
		rest().addConnectionToGroup(this.hub, group, excluded.id());

		rest().sendToGroup(this.hub, group, message("to the group"), List.of(excluded.id()));
		rest().sendToAll(this.hub, message("later"), List.of());

		assertReceived(member, "to the group");
		assertReceivedOnly(excluded, "later", "to the group");
		assertReceivedOnly(outsider, "later", "to the group");
	}

	@Test
	@Order(13)
	@DisplayName("send to a connection: POST /api/hubs/{hub}/connections/{connectionId}/:send")
	void sendToConnectionReachesThatConnectionOnly() {
		Client client = connect(unique("user"));
		Client other = connectAnonymous();

		rest().sendToConnection(this.hub, client.id(), message("to the connection"));
		rest().sendToConnection(this.hub, other.id(), message("later"));

		assertReceived(client, "to the connection");
		assertReceivedOnly(other, "later", "to the connection");
	}

	@Test
	@Order(20)
	@DisplayName("add and remove a connection to a group: PUT and DELETE /api/hubs/{hub}/groups/{group}/connections/{connectionId}")
	void aConnectionInAGroupGetsItsMessagesUntilRemoved() {
		String user = unique("user");
		String group = unique("group");
		Client client = connect(user);
		Client sameUser = connect(user);

		rest().addConnectionToGroup(this.hub, group, client.id());
		rest().sendToGroup(this.hub, group, message("while in"), List.of());
		rest().sendToConnection(this.hub, sameUser.id(), message("later"));
		assertReceived(client, "while in");
		// The connection joined, not its user
		assertReceivedOnly(sameUser, "later", "while in");

		rest().removeConnectionFromGroup(this.hub, group, client.id());
		rest().sendToGroup(this.hub, group, message("after leaving"), List.of());
		rest().sendToConnection(this.hub, client.id(), message("last"));
		assertReceivedOnly(client, "last", "after leaving");
	}

	@Test
	@Order(21)
	@DisplayName("remove a connection from every group: DELETE /api/hubs/{hub}/connections/{connectionId}/groups")
	void aConnectionRemovedFromEveryGroupIsInNone() {
		String first = unique("group");
		String second = unique("group");
		Client client = connect(unique("user"));
		rest().addConnectionToGroup(this.hub, first, client.id());
		rest().addConnectionToGroup(this.hub, second, client.id());
		assertThat(rest().groupExists(this.hub, first)).isTrue();

		rest().removeConnectionFromAllGroups(this.hub, client.id());

		await().alias("both groups gone")
			.atMost(WAIT)
			.untilAsserted(
					() -> assertThat(List.of(rest().groupExists(this.hub, first), rest().groupExists(this.hub, second)))
						.containsOnly(false));
	}

	@Test
	@Order(22)
	@DisplayName("add, check and remove a user in a group: PUT, HEAD and DELETE /api/hubs/{hub}/users/{user}/groups/{group}")
	void aUserInAGroupIsInItWithEveryConnectionUntilRemoved() {
		String user = unique("user");
		String group = unique("group");
		Client first = connect(user);
		assertThat(rest().userInGroup(this.hub, group, user)).isFalse();

		rest().addUserToGroup(this.hub, group, user, null);
		assertThat(rest().userInGroup(this.hub, group, user)).isTrue();
		// A connection the user makes afterwards is in the group too
		Client second = connect(user);
		rest().sendToGroup(this.hub, group, message("to the members"), List.of());
		assertReceived(first, "to the members");
		assertReceived(second, "to the members");

		rest().removeUserFromGroup(this.hub, group, user);
		await().alias("the user out of the group").atMost(WAIT).until(() -> !rest().userInGroup(this.hub, group, user));
	}

	@Test
	@Order(23)
	@DisplayName("remove a user from every group: DELETE /api/hubs/{hub}/users/{user}/groups")
	void aUserRemovedFromEveryGroupGetsNoGroupsMessages() {
		String user = unique("user");
		String first = unique("group");
		String second = unique("group");
		Client client = connect(user);
		rest().addUserToGroup(this.hub, first, user, null);
		rest().addUserToGroup(this.hub, second, user, null);

		rest().removeUserFromAllGroups(this.hub, user);

		await().alias("the user out of both groups")
			.atMost(WAIT)
			.untilAsserted(() -> assertThat(
					List.of(rest().userInGroup(this.hub, first, user), rest().userInGroup(this.hub, second, user)))
				.containsOnly(false));
		rest().sendToGroup(this.hub, first, message("to the first group"), List.of());
		rest().sendToConnection(this.hub, client.id(), message("later"));
		assertReceivedOnly(client, "later", "to the first group");
	}

	@Test
	@Order(24)
	@DisplayName("user in a group for a ttl: PUT /api/hubs/{hub}/users/{user}/groups/{group}?ttl=")
	void aUserAddedForATtlLeavesTheGroupAfterIt() {
		String user = unique("user");
		String group = unique("group");
		Client client = connect(user);

		rest().addUserToGroup(this.hub, group, user, TTL);
		assertThat(rest().userInGroup(this.hub, group, user)).as("in the group before the ttl").isTrue();

		await().alias("the user out of the group after the ttl")
			.atMost(TTL_WAIT)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> !rest().userInGroup(this.hub, group, user));
		rest().sendToGroup(this.hub, group, message("after the ttl"), List.of());
		rest().sendToConnection(this.hub, client.id(), message("later"));
		assertReceivedOnly(client, "later", "after the ttl");
	}

	@Test
	@Order(25)
	@DisplayName("user in a group with ttl 0, only its current connections: PUT /api/hubs/{hub}/users/{user}/groups/{group}?ttl=0")
	void aUserAddedWithTtlZeroJoinsWithItsCurrentConnectionsOnly() {
		String user = unique("user");
		String group = unique("group");
		Client current = connect(user);

		rest().addUserToGroup(this.hub, group, user, Duration.ZERO);
		Client later = connect(user);
		rest().sendToGroup(this.hub, group, message("to the group"), List.of());
		rest().sendToConnection(this.hub, later.id(), message("later"));

		assertReceived(current, "to the group");
		assertReceivedOnly(later, "later", "to the group");
	}

	@Test
	@Order(26)
	@DisplayName("user in more than 100 groups without a ttl, the latest 100 kept: PUT /api/hubs/{hub}/users/{user}/groups/{group}")
	void aUserAddedToMoreThanAHundredGroupsWithoutATtlKeepsTheLatestHundred() {
		String user = unique("user");
		String prefix = unique("group");
		String timed = prefix + "_timed";
		rest().addUserToGroup(this.hub, timed, user, Duration.ofMinutes(5));
		try {
			for (int group = 0; group <= MAX_USER_GROUPS_WITHOUT_TTL; group++) {
				rest().addUserToGroup(this.hub, prefix + "_" + group, user, null);
			}
			assertLatestHundredKept(user, prefix, timed);
		}
		finally {
			// Else a resource keeps them for a year
			rest().removeUserFromAllGroups(this.hub, user);
		}
	}

	private void assertLatestHundredKept(String user, String prefix, String timed) {
		await().alias("the user out of the first group")
			.atMost(WAIT)
			.until(() -> !rest().userInGroup(this.hub, prefix + "_0", user));
		assertThat(List.of(rest().userInGroup(this.hub, prefix + "_1", user),
				rest().userInGroup(this.hub, prefix + "_" + MAX_USER_GROUPS_WITHOUT_TTL, user),
				rest().userInGroup(this.hub, timed, user)))
			.as("the second and the latest group without a ttl, and the group with one")
			.containsOnly(true);
	}

	@Test
	@Order(30)
	@DisplayName("connection, user and group exist: HEAD /api/hubs/{hub}/connections/{connectionId}, /users/{user}, /groups/{group}")
	void existenceFollowsConnectionsComingAndGoing() {
		String user = unique("user");
		String group = unique("group");
		assertThat(exist(unique("connection"), user, group)).containsOnly(false);

		Client client = connect(user);
		rest().addConnectionToGroup(this.hub, group, client.id());
		assertThat(exist(client.id(), user, group)).containsOnly(true);

		String connectionId = client.id();
		client.connection().stop().blockingAwait();
		await().alias("connection, user and group gone")
			.atMost(WAIT)
			.untilAsserted(() -> assertThat(exist(connectionId, user, group)).containsOnly(false));
	}

	private List<Boolean> exist(String connectionId, String user, String group) {
		return List.of(rest().connectionExists(this.hub, connectionId), rest().userExists(this.hub, user),
				rest().groupExists(this.hub, group));
	}

	@Test
	@Order(31)
	@DisplayName("close a connection with a reason: DELETE /api/hubs/{hub}/connections/{connectionId}?reason=")
	void aClosedConnectionEndsWithTheReason() throws Exception {
		Client client = connect(unique("user"));
		Client other = connectAnonymous();

		String connectionId = client.id();

		rest().closeConnection(this.hub, connectionId, "closed by the conformance suite");

		assertClosed(client, "closed by the conformance suite");
		await().alias("the connection gone").atMost(WAIT).until(() -> !rest().connectionExists(this.hub, connectionId));
		assertOpen(other);
	}

	@Test
	@Order(32)
	@DisplayName("close a user's connections, excluding one: POST /api/hubs/{hub}/users/{user}/:closeConnections?excluded=&reason=")
	void closingAUsersConnectionsSparesTheExcludedAndOtherUsers() throws Exception {
		String user = unique("user");
		Client first = connect(user);
		Client excluded = connect(user);
		Client other = connect(unique("user"));

		rest().closeUser(this.hub, user, List.of(excluded.id()), "user closed");

		assertClosed(first, "user closed");
		assertOpen(excluded);
		assertOpen(other);
	}

	@Test
	@Order(33)
	@DisplayName("close a group's connections, excluding one: POST /api/hubs/{hub}/groups/{group}/:closeConnections?excluded=&reason=")
	void closingAGroupsConnectionsSparesTheExcludedAndOutsiders() throws Exception {
		String group = unique("group");
		Client member = connect(unique("user"));
		Client excluded = connectAnonymous();
		Client outsider = connectAnonymous();
		rest().addConnectionToGroup(this.hub, group, member.id());
		rest().addConnectionToGroup(this.hub, group, excluded.id());

		rest().closeGroup(this.hub, group, List.of(excluded.id()), "group closed");

		assertClosed(member, "group closed");
		assertOpen(excluded);
		assertOpen(outsider);
	}

	@Test
	@Order(34)
	@DisplayName("close every connection of a hub, excluding one: POST /api/hubs/{hub}/:closeConnections?excluded=&reason=")
	void closingAHubsConnectionsSparesTheExcluded() throws Exception {
		Client client = connect(unique("user"));
		Client excluded = connectAnonymous();

		rest().closeAll(this.hub, List.of(excluded.id()), "hub closed");

		assertClosed(client, "hub closed");
		assertOpen(excluded);
	}

	@Test
	@Order(40)
	@DisplayName("client result (2024-12-01): POST /api/hubs/{hub}/connections/{connectionId}/:invoke")
	void aClientsResultComesBackFromInvoke() {
		assumeVersion(V2024_12_01);
		Client client = connect(unique("user"));
		client.connection().onWithResult("confirm", (String question) -> Single.just("yes: " + question), String.class);

		assertThat(rest().invoke(this.hub, client.id(), SignalRMessage.of("confirm", "ready?"), WAIT).asString())
			.isEqualTo("yes: ready?");
	}

	@Test
	@Order(41)
	@DisplayName("client result errors (2024-12-01): the client's error, and no such connection, from :invoke")
	void aClientsErrorAndAMissingConnectionAreToldApart() {
		assumeVersion(V2024_12_01);
		Client client = connect(unique("user"));
		client.connection()
			.onWithResult("confirm", (String question) -> Single.<String>error(new IllegalStateException("not now")),
					String.class);

		assertThatExceptionOfType(SignalRClientResultException.class)
			.isThrownBy(() -> rest().invoke(this.hub, client.id(), SignalRMessage.of("confirm", "ready?"), WAIT))
			.satisfies((failure) -> assertThat(failure.code()).isEqualTo(SignalRClientResultException.CLIENT_ERROR))
			.withMessageContaining("not now");
		assertThatExceptionOfType(SignalRNotFoundException.class).isThrownBy(
				() -> rest().invoke(this.hub, unique("connection"), SignalRMessage.of("confirm", "anyone?"), WAIT));
	}

	@Test
	@Order(42)
	@DisplayName("list a group's connections page by page (2024-12-01): GET /api/hubs/{hub}/groups/{group}/connections")
	void aGroupsConnectionsAreListedPageByPage() {
		assumeVersion(V2024_12_01);
		String user = unique("user");
		String group = unique("group");
		Client client = connect(user);
		Client anonymous = connectAnonymous();
		rest().addConnectionToGroup(this.hub, group, client.id());
		rest().addConnectionToGroup(this.hub, group, anonymous.id());

		List<GroupMember> members = new ArrayList<>();
		List<Integer> pageSizes = new ArrayList<>();
		String continuation = null;
		do {
			GroupMembersPage page = rest().listConnectionsInGroup(this.hub, group, 1, continuation);
			members.addAll(page.members());
			pageSizes.add(page.members().size());
			continuation = page.continuationToken();
		}
		while (continuation != null && pageSizes.size() < 10);

		assertThat(members).containsExactlyInAnyOrder(new GroupMember(client.id(), user),
				new GroupMember(anonymous.id(), null));
		assertThat(pageSizes).as("members per page").allMatch((size) -> size <= 1).hasSizeGreaterThanOrEqualTo(2);
	}

	@Test
	@Order(43)
	@DisplayName("send with a filter (2024-12-01): POST /api/hubs/{hub}/:execute?filter=")
	void aFilteredSendReachesOnlyTheConnectionsTheFilterSelects() {
		assumeVersion(V2024_12_01);
		String chosen = unique("user");
		Client client = connect(chosen);
		Client other = connect(unique("user"));

		rest().execute(this.hub, "userId eq '" + chosen + "'",
				List.of(new SignalRCommand.SendMessage(message("to the chosen"))));
		rest().sendToConnection(this.hub, other.id(), message("later"));

		assertReceived(client, "to the chosen");
		assertReceivedOnly(other, "later", "to the chosen");
	}

	@Test
	@Order(44)
	@DisplayName("client token from the service (2024-12-01): POST /api/hubs/{hub}/:generateToken")
	void aTokenTheServiceMintsConnectsAsItsUser() {
		assumeVersion(V2024_12_01);
		String user = unique("user");

		String token = rest().generateToken(this.hub, user, 5);
		Client client = connectWithToken(token);

		assertThat(rest().userExists(this.hub, user)).isTrue();
		rest().sendToUser(this.hub, user, message("to the token's user"));
		assertReceived(client, "to the token's user");
	}

}
