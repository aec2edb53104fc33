package dev.beacon.endpoint;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.beacon.support.MovableClock;
import dev.beacon.system.ServiceUnavailableException;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import static dev.beacon.support.TestKeys.ACCESS_KEY;
import static dev.beacon.support.TestKeys.connectionString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

class RoutedServiceEndpointProviderTests {

	static final URI ORIGIN = URI.create("https://beacon.example.com");

	static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	final ServiceEndpoint east = endpoint("east", EndpointType.PRIMARY);

	final ServiceEndpoint west = endpoint("west", EndpointType.PRIMARY);

	final ServiceEndpoint backup = endpoint("backup", EndpointType.SECONDARY);

	final MovableClock clock = new MovableClock(START);

	/** What the router was offered, call by call, and for whom. */
	final List<List<ServiceEndpoint>> offered = new ArrayList<>();

	final List<String> users = new ArrayList<>();

	/**
	 * Records its candidates and chooses the last, so a test sees the router was used.
	 */
	final EndpointRouter router = (candidates, userId) -> {
		this.offered.add(candidates);
		this.users.add(userId);
		return candidates.get(candidates.size() - 1);
	};

	@Test
	void clientsNegotiateToAnOnlinePrimaryChosenByTheRouter() {
		RoutedServiceEndpointProvider provider = provider(this.backup, this.east, this.west);

		assertThat(provider.forClient(ORIGIN, "alice")).isEqualTo(this.west);
		assertThat(this.offered).containsExactly(List.of(this.east, this.west));
		assertThat(this.users).containsExactly("alice");
	}

	@Test
	void theOnlyOnlinePrimaryIsChosenWithoutTheRouter() {
		RoutedServiceEndpointProvider provider = provider(this.east, this.west, this.backup);

		provider.reportFailure(this.west, "connect timed out", false);

		assertThat(provider.forClient(ORIGIN)).isEqualTo(this.east);
		assertThat(this.offered).isEmpty();
	}

	@Test
	void secondaryServesClientsOnlyWhenNoPrimaryIsOnline() {
		ServiceEndpoint standby = endpoint("standby", EndpointType.SECONDARY);
		RoutedServiceEndpointProvider provider = provider(this.east, this.backup, standby);
		assertThat(provider.forClient(ORIGIN)).isEqualTo(this.east);

		provider.reportFailure(this.east, "503 Service Unavailable", false);

		assertThat(provider.forClient(ORIGIN, "bob")).isEqualTo(standby);
		assertThat(this.offered).containsExactly(List.of(this.backup, standby));

		provider.reportHealthy(this.east);

		assertThat(provider.forClient(ORIGIN)).isEqualTo(this.east);
	}

	@Test
	void serverCallsGoToTheFirstOnlinePrimaryElseAnyOnlineEndpoint() {
		RoutedServiceEndpointProvider provider = provider(this.backup, this.east, this.west);
		assertThat(provider.forServer()).isEqualTo(this.east);

		provider.reportFailure(this.east, "502 Bad Gateway", false);
		assertThat(provider.forServer()).isEqualTo(this.west);

		provider.reportFailure(this.west, "502 Bad Gateway", false);
		assertThat(provider.forServer()).isEqualTo(this.backup);
	}

	@Test
	void noneOnlineAnswers503WithRetryAfterNamingEachEndpointAndWhy() {
		RoutedServiceEndpointProvider provider = provider(this.east, this.backup);
		provider.reportFailure(this.east, "connect refused", false);
		provider.reportFailure(this.backup, "health check got 503", true);

		for (Runnable call : List.<Runnable>of(() -> provider.forClient(ORIGIN), () -> provider.forServer())) {
			assertThatExceptionOfType(ServiceUnavailableException.class).isThrownBy(call::run)
				.withMessageContaining("No SignalR Service instance is online")
				.withMessageContaining("east (connect refused), backup (health check got 503)")
				.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE))
				.satisfies((ex) -> assertThat(ex.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
					.as("the health-check interval of 2.5s, rounded up")
					.isEqualTo("3"))
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(ACCESS_KEY));
		}
	}

	@Test
	void reportFailureTakesAnEndpointOfflineAndReportHealthyBringsItBack() {
		RoutedServiceEndpointProvider provider = provider(this.east, this.west);
		assertThat(provider.tracksHealth()).isTrue();

		provider.reportFailure(this.east, "connect refused", false);

		assertThat(provider.online()).containsExactly(this.west);
		assertThat(provider.all()).containsExactly(this.east, this.west);
		assertThat(provider.forClient(ORIGIN)).isEqualTo(this.west);

		this.clock.move(Duration.ofSeconds(10));
		provider.reportHealthy(this.east);

		assertThat(provider.online()).containsExactly(this.east, this.west);
		assertThat(provider.statuses().get(0))
			.extracting(EndpointStatus::online, EndpointStatus::lastCheck, EndpointStatus::lastError)
			.containsExactly(true, START.plusSeconds(10), null);
	}

	@Test
	void statusesShowEachEndpointsNameTypeHealthLastCheckAndError() {
		RoutedServiceEndpointProvider provider = provider(this.east, this.west, this.backup);
		assertThat(provider.statuses()).extracting(this::describe)
			.containsExactly(tuple("east", EndpointType.PRIMARY, true, null, null),
					tuple("west", EndpointType.PRIMARY, true, null, null),
					tuple("backup", EndpointType.SECONDARY, true, null, null));

		provider.reportHealthy(this.east);
		this.clock.move(Duration.ofSeconds(10));
		provider.reportFailure(this.west, "health check got 503", true);
		provider.reportFailure(this.east, "send got 504", false);

		assertThat(provider.statuses()).extracting(this::describe)
			.containsExactly(tuple("east", EndpointType.PRIMARY, false, START, "send got 504"),
					tuple("west", EndpointType.PRIMARY, false, START.plusSeconds(10), "health check got 503"),
					tuple("backup", EndpointType.SECONDARY, true, null, null));
	}

	@Test
	void aSingleEndpointIsNeverTakenOffline() {
		RoutedServiceEndpointProvider provider = provider(this.east);
		assertThat(provider.tracksHealth()).isFalse();

		provider.reportFailure(this.east, "connect refused", true);

		assertThat(provider.online()).containsExactly(this.east);
		assertThat(provider.statuses()).singleElement()
			.extracting(EndpointStatus::online, EndpointStatus::lastError)
			.containsExactly(true, null);
		assertThat(provider.forClient(ORIGIN)).isEqualTo(this.east);
		assertThat(provider.forServer()).isEqualTo(this.east);
		assertThat(this.offered).isEmpty();
	}

	@Test
	void atLeastOneEndpointIsNeeded() {
		assertThatIllegalArgumentException().isThrownBy(this::provider);
	}

	private RoutedServiceEndpointProvider provider(ServiceEndpoint... endpoints) {
		return new RoutedServiceEndpointProvider(List.of(endpoints), this.router, this.clock, Duration.ofMillis(2500));
	}

	private org.assertj.core.groups.Tuple describe(EndpointStatus status) {
		return tuple(status.endpoint().name(), status.endpoint().type(), status.online(), status.lastCheck(),
				status.lastError());
	}

	private static ServiceEndpoint endpoint(String name, EndpointType type) {
		return ConnectionStringParser.parse(connectionString("https://" + name + ".service.signalr.net"))
			.named(name, type);
	}

}
