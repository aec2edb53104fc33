package dev.beacon.local;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;

import dev.beacon.upstream.HubMethod;

import org.springframework.boot.test.context.TestConfiguration;

/**
 * Streams that stay open, producing nothing, until the test ends them through the REST
 * API; {@link #endAll} completes them so that their producers finish.
 */
@TestConfiguration(proxyBeanMethods = false)
class HeldStreams {

	private final Map<String, SubmissionPublisher<Integer>> held = new ConcurrentHashMap<>();

	@HubMethod(name = "held")
	Flow.Publisher<Integer> held(String key) {
		return this.held.computeIfAbsent(key, (name) -> new SubmissionPublisher<>());
	}

	boolean isOpen(String key) {
		return this.held.containsKey(key);
	}

	void endAll() {
		this.held.values().forEach(SubmissionPublisher::close);
		this.held.clear();
	}

}
