package dev.beacon.upstream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.event.EventListener;

/**
 * Hub methods and connection-event listeners of the upstream tests
 * ({@link UpstreamReceiverTest}); a class of its own, since nested in one test class it
 * would make that class's configuration differ from the others'.
 */
@TestConfiguration(proxyBeanMethods = false)
class TestHandlers {

	@HubMethod(name = "add")
	int add(int a, int b) {
		return a + b;
	}

	@HubMethod(hub = "chat", name = "whoAmI")
	String whoAmI(InvocationContext caller) {
		List<String> roles = caller.claims().getOrDefault("role", List.of());
		return caller.hub() + "/" + caller.connectionId() + "/" + caller.userId() + "/" + roles + "/"
				+ caller.query().getOrDefault("client", List.of());
	}

	@HubMethod(name = "fail")
	void fail() {
		throw new IllegalStateException("secret detail");
	}

	static final List<Object> events = new CopyOnWriteArrayList<>();

	@EventListener
	void connected(ClientConnectedEvent event) {
		events.add(event);
	}

	@EventListener
	void disconnected(ClientDisconnectedEvent event) {
		events.add(event);
	}

}
