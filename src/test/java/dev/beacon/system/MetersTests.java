package dev.beacon.system;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetersTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final Meters meters = new Meters(this.registry);

	@Test
	void aMeterIsTheRegistrysOwnForItsNameAndTags() {
		this.meters.counter("sends", "kind", "user").increment();
		this.meters.counter("sends", "kind", "user").increment();
		this.meters.counter("sends", "kind", "group").increment();
		this.meters.timer("calls", "outcome", "success").record(java.time.Duration.ofMillis(3));

		assertThat(this.meters.counter("sends", "kind", "user"))
			.isSameAs(this.registry.counter("sends", "kind", "user"));
		assertThat(this.registry.counter("sends", "kind", "user").count()).isEqualTo(2);
		assertThat(this.registry.counter("sends", "kind", "group").count()).isEqualTo(1);
		assertThat(this.registry.timer("calls", "outcome", "success").count()).isEqualTo(1);
	}

	@Test
	void aMeterRemovedFromTheRegistryIsRegisteredAgainOnItsNextUse() {
		this.meters.counter("sends", "kind", "user").increment();
		this.meters.timer("calls", "outcome", "success").record(java.time.Duration.ofMillis(3));
		this.registry.clear();

		this.meters.counter("sends", "kind", "user").increment();
		this.meters.timer("calls", "outcome", "success").record(java.time.Duration.ofMillis(3));

		assertThat(this.registry.find("sends").counter()).isNotNull().extracting((c) -> c.count()).isEqualTo(1.0);
		assertThat(this.registry.find("calls").timer()).isNotNull().extracting((t) -> t.count()).isEqualTo(1L);
	}

}
