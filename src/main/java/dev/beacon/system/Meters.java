package dev.beacon.system;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Counters and timers of one registry by name and tag pairs, each looked up in the
 * registry once: Micrometer's own lookup builds, sorts and de-duplicates the tags on
 * every call, which on the publish path cost a few percent of a message's CPU
 * (docs/performance.md). For meters whose tag values are few (kinds, outcomes,
 * operations), as every meter's should be.
 */
public final class Meters {

	private final MeterRegistry registry;

	private final ConcurrentMap<List<String>, Counter> counters = new ConcurrentHashMap<>();

	private final ConcurrentMap<List<String>, Timer> timers = new ConcurrentHashMap<>();

	public Meters(MeterRegistry registry) {
		this.registry = registry;
		// A meter removed from the registry (cleared) is looked up afresh
		registry.config().onMeterRemoved((meter) -> {
			this.counters.values().remove(meter);
			this.timers.values().remove(meter);
		});
	}

	/**
	 * The counter of this name and tags.
	 * @param name the meter's name
	 * @param tags tag names and values, alternating
	 * @return the registry's counter
	 */
	public Counter counter(String name, String... tags) {
		List<String> key = key(name, tags);
		Counter counter = this.counters.get(key);
		return (counter != null) ? counter
				: this.counters.computeIfAbsent(key, (absent) -> this.registry.counter(name, tags));
	}

	/**
	 * The timer of this name and tags.
	 * @param name the meter's name
	 * @param tags tag names and values, alternating
	 * @return the registry's timer
	 */
	public Timer timer(String name, String... tags) {
		List<String> key = key(name, tags);
		Timer timer = this.timers.get(key);
		return (timer != null) ? timer : this.timers.computeIfAbsent(key, (absent) -> this.registry.timer(name, tags));
	}

	private static List<String> key(String name, String[] tags) {
		String[] key = Arrays.copyOf(tags, tags.length + 1);
		key[tags.length] = name;
		return Arrays.asList(key);
	}

}
