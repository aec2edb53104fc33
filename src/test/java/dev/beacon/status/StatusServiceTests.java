package dev.beacon.status;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.beacon.endpoint.Hubs;
import dev.beacon.restclient.SignalRClient;
import dev.beacon.restclient.SignalRPartialFailureException;
import dev.beacon.restclient.SignalRUnavailableException;
import dev.beacon.restclient.UserMessageSentEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

/**
 * What the status service remembers when a send fails everywhere, and when only some
 * SignalR Service instances took it.
 */
class StatusServiceTests {

	private static final StatusEvent DEFAULT = new StatusEvent("default", null, Instant.parse("2026-12-01T10:00:00Z"),
			"operational", "All services running normally", null);

	private final SignalRClient client = mock(SignalRClient.class);

	private final MemoryStatusStore store = new MemoryStatusStore(DEFAULT, 100);

	private final List<Object> events = new ArrayList<>();

	private final StatusService service = new StatusService(this.client, new Hubs("Notifications", List.of()),
			Clock.fixed(DEFAULT.timestamp(), ZoneOffset.UTC), new SimpleMeterRegistry(), this.store, this.events::add);

	@Test
	void aBroadcastSomeInstancesTookIsRecordedInHistoryAndStillAnswers502() {
		willThrow(partial("/api/hubs/notifications/:send")).given(this.client).sendToAll(any(), any(), any());

		assertThatExceptionOfType(SignalRPartialFailureException.class)
			.isThrownBy(() -> this.service.broadcast(new StatusRequest("degraded", "east only", null)))
			.satisfies((ex) -> assertThat(ex.accepted()).containsExactly("east"));

		assertThat(this.store.current().status()).isEqualTo("degraded");
		assertThat(this.store.history(10)).extracting(StatusEvent::status).containsExactly("degraded");
	}

	@Test
	void aBroadcastNoInstanceTookIsNotRecorded() {
		willThrow(new SignalRUnavailableException("POST", "/api/hubs/notifications/:send", "down", null, null))
			.given(this.client)
			.sendToAll(any(), any(), any());

		assertThatExceptionOfType(SignalRUnavailableException.class)
			.isThrownBy(() -> this.service.broadcast(new StatusRequest("degraded", null, null)));

		assertThat(this.store.current()).isEqualTo(DEFAULT);
		assertThat(this.store.history(10)).isEmpty();
	}

	@Test
	void aStatusToAUserSomeInstancesTookIsKeptForTheInbox() {
		willThrow(partial("/api/hubs/notifications/users/alice/:send")).given(this.client)
			.sendToUser(any(), any(), any());

		assertThatExceptionOfType(SignalRPartialFailureException.class)
			.isThrownBy(() -> this.service.sendToUser("alice", new StatusRequest("degraded", null, null)));

		assertThat(this.events).singleElement()
			.isInstanceOfSatisfying(UserMessageSentEvent.class, (sent) -> assertThat(sent.userId()).isEqualTo("alice"));
	}

	@Test
	void aStatusToAUserNoInstanceTookIsNotKept() {
		willThrow(new SignalRUnavailableException("POST", "/api/hubs/notifications/users/alice/:send", "down", null,
				null))
			.given(this.client)
			.sendToUser(any(), any(), any());

		assertThatExceptionOfType(SignalRUnavailableException.class)
			.isThrownBy(() -> this.service.sendToUser("alice", new StatusRequest("degraded", null, null)));

		assertThat(this.events).isEmpty();
	}

	private static SignalRPartialFailureException partial(String path) {
		return new SignalRPartialFailureException("POST", path, List.of("east"), Map.of("west", "connection refused"));
	}

}
