package dev.beacon.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import dev.beacon.endpoint.Hubs;
import dev.beacon.restclient.SignalRClient;
import dev.beacon.restclient.SignalRMessage;
import dev.beacon.restclient.SignalRUnavailableException;
import dev.beacon.store.Replica;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

class StatusBroadcastJobTests {

	private final SignalRClient client = mock(SignalRClient.class);

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private final StatusProperties properties = new StatusProperties(100, Duration.ofSeconds(30), "operational",
			"All services running normally");

	private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

	private final StatusService statusService = new StatusService(this.client, new Hubs("Notifications", List.of()),
			this.clock, this.meterRegistry, new MemoryStatusStore(new StatusEvent("default", null, this.clock.instant(),
					"operational", "All services running normally", null), 100),
			(event) -> {
			});

	private final StatusBroadcastJob job = new StatusBroadcastJob(this.statusService, BroadcastGate.ALWAYS,
			this.properties, this.clock, this.meterRegistry, new Replica("replica-1"));

	@Test
	void broadcastSendsTheConfiguredDefaultBeforeAnyStatusWasPublished() {
		this.job.broadcast();

		ArgumentCaptor<SignalRMessage> message = ArgumentCaptor.forClass(SignalRMessage.class);
		verify(this.client).sendToAll(eq("notifications"), message.capture(), eq(List.of()));
		assertThat(message.getValue().target()).isEqualTo("statusUpdate");
		StatusEvent event = (StatusEvent) message.getValue().arguments().getFirst();
		assertThat(event.status()).isEqualTo("operational");
		assertThat(event.message()).isEqualTo("All services running normally");
	}

	@Test
	void broadcastRecoversByItselfOnTheNextTickAfterAnOutage() {
		willThrow(new SignalRUnavailableException("POST", "/api/hubs/notifications/:send", "down", null, null))
			.willDoNothing()
			.given(this.client)
			.sendToAll(any(), any(), any());

		this.job.broadcast();
		this.job.broadcast();

		verify(this.client, org.mockito.Mockito.times(2)).sendToAll(eq("notifications"), any(), eq(List.of()));
		assertThat(this.meterRegistry.get("beacon.status.broadcast.failures").counter().count()).isEqualTo(1);
	}

	@Test
	void ticksFallOnTheSameWallClockBoundariesOnEveryReplica() {
		assertThat(this.job.nextTick(Instant.parse("2026-11-23T10:00:00Z"))).isEqualTo("2026-11-23T10:00:30Z");
		assertThat(this.job.nextTick(Instant.parse("2026-11-23T10:00:29.999Z"))).isEqualTo("2026-11-23T10:00:30Z");
		assertThat(this.job.nextTick(Instant.parse("2026-11-23T10:00:30.001Z"))).isEqualTo("2026-11-23T10:01:00Z");
	}

	@Test
	void aTickAnotherReplicaRanIsSkippedAndCounted() {
		StatusBroadcastJob skipping = new StatusBroadcastJob(this.statusService, (tick, task) -> false, this.properties,
				this.clock, this.meterRegistry, new Replica("replica-2"));

		skipping.tick();

		verify(this.client, org.mockito.Mockito.never()).sendToAll(any(), any(), any());
		assertThat(
				this.meterRegistry.get("beacon.status.broadcast.skipped").tag("replica", "replica-2").counter().count())
			.isEqualTo(1);
	}

	@Test
	void theTickARunIsForIsTheBoundaryItFiredAt() {
		java.util.List<Instant> ticks = new java.util.ArrayList<>();
		StatusBroadcastJob recording = new StatusBroadcastJob(this.statusService, (tick, task) -> ticks.add(tick),
				this.properties, Clock.fixed(Instant.parse("2026-11-23T10:00:30.004Z"), ZoneOffset.UTC),
				this.meterRegistry, new Replica("replica-1"));

		recording.tick();

		assertThat(ticks).containsExactly(Instant.parse("2026-11-23T10:00:30Z"));
	}

	@Test
	void failedBroadcastIsCountedAndNeverThrownIntoTheScheduler() {
		willThrow(new SignalRUnavailableException("POST", "/api/hubs/notifications/:send", "down", null, null))
			.given(this.client)
			.sendToAll(any(), any(), any());

		assertThatNoException().isThrownBy(this.job::broadcast);
		assertThatNoException().isThrownBy(this.job::broadcast);
		assertThat(this.meterRegistry.get("beacon.status.broadcast.failures").counter().count()).isEqualTo(2);
		assertThat(this.statusService.history(10)).isEmpty();
	}

}
