package dev.beacon.presence;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.beacon.endpoint.Hubs;
import dev.beacon.restclient.SignalRClient;
import dev.beacon.store.StoreUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

@ExtendWith(OutputCaptureExtension.class)
class PresenceServiceTests {

	@Test
	void aStoreOutageAcrossReconciliationRoundsIsOneWarningWhenItStartsAndOneWhenItEnds(CapturedOutput output) {
		PresenceStore store = mock(PresenceStore.class);
		StoreUnavailableException outage = new StoreUnavailableException("presence.claim-stale",
				new QueryTimeoutException("Redis command timed out"));
		given(store.claimStale(anyString(), any(), any(), anyInt())).willThrow(outage, outage, outage)
			.willReturn(List.of());
		PresenceService presence = new PresenceService(store,
				new PresenceProperties(true, true, Duration.ofMinutes(5), 20, Duration.ofMinutes(10),
						Duration.ofMinutes(1)),
				mock(SignalRClient.class), new Hubs("notifications", List.of()), Clock.systemUTC(),
				new SimpleMeterRegistry());

		for (int round = 0; round < 5; round++) {
			presence.reconcile();
		}

		assertThat(output).containsOnlyOnce("Presence reconciliation paused")
			.containsOnlyOnce("presence.claim-stale")
			.containsOnlyOnce("Presence reconciliation runs again")
			.doesNotContain("ERROR");
	}

}
