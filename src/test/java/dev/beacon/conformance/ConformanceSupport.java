package dev.beacon.conformance;

import java.nio.file.Path;
import java.time.Duration;

import dev.beacon.restclient.ApiVersion;
import dev.beacon.restclient.SignalRClient;
import dev.beacon.restclient.SignalRMessage;
import dev.beacon.support.OfficialClients;
import dev.beacon.support.OfficialClients.Client;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the conformance suite's tests share: the target, started once per class from the
 * run's settings ({@link ConformanceSettings}), a fresh hub and clients per test, closed
 * after it, and the report. Deliveries are awaited; that a client did not get a message
 * is shown by a later message it did get.
 */
abstract class ConformanceSupport {

	/** How long a delivery, a close or an expiry may take, on a resource far away too. */
	static final Duration WAIT = Duration.ofSeconds(20);

	/** The shortest membership the API takes is a second; two leave time to check it. */
	static final Duration TTL = Duration.ofSeconds(2);

	/**
	 * Of the groups a user joined without a ttl, the service keeps the latest updated
	 * hundred (the Swagger's {@code ttl}).
	 */
	static final int MAX_USER_GROUPS_WITHOUT_TTL = 100;

	/** How long after its ttl a membership may linger: the service's sweep is its own. */
	static final Duration TTL_WAIT = Duration.ofSeconds(60);

	static final String TARGET = OfficialClients.TARGET;

	@RegisterExtension
	static final ConformanceReport report = new ConformanceReport(Path.of("target", "conformance.md"));

	static ConformanceTarget target;

	/** Client connections the run opened, for what it costs on a resource. */
	private static int connectionsOpened;

	private static int connectionsAtOnce;

	OfficialClients clients;

	private int connectionsInTest;

	String hub;

	@BeforeAll
	static void startTarget() throws Exception {
		ConformanceSettings settings = ConformanceSettings.fromSystem();
		String connectionString = settings.connectionString();
		if (connectionString != null) {
			report.keepSecret(connectionString);
			settings.endpoint().credential().upstreamKeys().forEach((key) -> report.keepSecret(key.value()));
		}
		target = ConformanceTarget.start(settings);
		target.endpoint().credential().upstreamKeys().forEach((key) -> report.keepSecret(key.value()));
		report.describe(settings.describe(), "API version " + target.apiVersion());
	}

	@AfterAll
	static void stopTarget() {
		if (target != null) {
			report.usage(connectionsOpened + " client connections (at most " + connectionsAtOnce + " at once) and "
					+ target.exchanges().all().size() + " REST calls");
			target.close();
		}
	}

	@BeforeEach
	void newHubAndClients() {
		this.clients = OfficialClients.direct();
		this.hub = ConformanceTarget.unique("conformance");
	}

	@AfterEach
	void closeClients() {
		this.clients.close();
		connectionsAtOnce = Math.max(connectionsAtOnce, this.connectionsInTest);
	}

	SignalRClient rest() {
		return target.client();
	}

	Client connect(String user) {
		counted();
		return target.connect(this.clients, this.hub, user);
	}

	Client connectAnonymous() {
		counted();
		return target.connect(this.clients, this.hub, null);
	}

	/** Connects with a token of the service's own, as a client given one does. */
	Client connectWithToken(String token) {
		counted();
		return this.clients.connectTo(target.endpoint().clientUrl(this.hub), token);
	}

	private void counted() {
		connectionsOpened++;
		this.connectionsInTest++;
	}

	static SignalRMessage message(String text) {
		return SignalRMessage.of(TARGET, text);
	}

	static void assertReceived(Client client, String text) {
		await().alias("a client receives '" + text + "'").atMost(WAIT).until(() -> client.received().contains(text));
		assertThat(client.count(text)).as("copies of '%s'", text).isOne();
	}

	/**
	 * The client got {@code later}, sent after {@code text}, and not {@code text}: a
	 * connection's messages arrive in the order they were sent.
	 */
	static void assertReceivedOnly(Client client, String later, String text) {
		assertReceived(client, later);
		assertThat(client.received()).as("messages of a client that should not get '%s'", text).doesNotContain(text);
	}

	static void assertClosed(Client client, String reason) throws Exception {
		await().alias("a client is closed with '" + reason + "'").atMost(WAIT).until(() -> client.closed().isDone());
		assertThat(client.closed().get()).as("the error a client was closed with")
			.isNotNull()
			.hasMessageContaining(reason);
	}

	void assertOpen(Client client) {
		assertThat(rest().connectionExists(this.hub, client.id())).as("a connection that should be open exists")
			.isTrue();
		assertThat(client.closed()).as("a connection that should be open").isNotDone();
	}

	static void assumeVersion(ApiVersion version) {
		assumeTrue(target.apiVersion() == version,
				"only in API version " + version + "; Beacon's client speaks " + target.apiVersion());
	}

}
