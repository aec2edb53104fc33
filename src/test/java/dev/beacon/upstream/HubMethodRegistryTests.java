package dev.beacon.upstream;

import java.util.List;
import java.util.Map;

import dev.beacon.endpoint.Hubs;
import dev.beacon.endpoint.UnknownHubException;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The registry in a real application context, as {@link UpstreamConfiguration} builds it:
 * handlers are found when the context starts, and a mistake in them stops it.
 */
class HubMethodRegistryTests {

	static final Hubs HUBS = new Hubs("notifications", List.of("Chat"));

	static final InvocationContext ALICE = new InvocationContext("notifications", "conn-1", "alice", Map.of(),
			Map.of());

	private final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();

	@Test
	void handlersAreRegisteredOnTheDefaultHubOrTheirOwn() {
		HubMethodRegistry registry = start(Handlers.class);

		assertThat(registry.has("notifications", "add")).isTrue();
		assertThat(registry.has("chat", "whoAmI")).isTrue();
		assertThat(registry.has("chat", "add")).isFalse();
		assertThat(registry.has("notifications", "whoAmI")).isFalse();
	}

	@Test
	void hubAndMethodAreMatchedCaseInsensitively() {
		HubMethodRegistry registry = start(Handlers.class);

		assertThat(registry.has("NOTIFICATIONS", "ADD")).isTrue();
		assertThat(registry.invoke(ALICE, "aDd", arguments("[2,40]"))).isEqualTo(42);
	}

	@Test
	void twoHandlersForOneNameStopTheStartNamingBoth() {
		assertThatIllegalStateException().isThrownBy(() -> start(Handlers.class, SecondAdd.class))
			.withMessageContaining("Two @HubMethod handlers for 'ADD' on hub 'notifications'")
			.withMessageContaining("Handlers.add(int,int)")
			.withMessageContaining("SecondAdd.add(int,int)");
	}

	@Test
	void aHandlerOnAnUnconfiguredHubStopsTheStart() {
		assertThatExceptionOfType(UnknownHubException.class).isThrownBy(() -> start(UnknownHub.class))
			.withMessageContaining("Hub 'elsewhere' is not configured");
	}

	@Test
	void argumentsAreBoundByJacksonAndTheCallerWhereverItIsAsked() {
		HubMethodRegistry registry = start(Handlers.class);

		assertThat(registry.invoke(ALICE, "total", arguments("[[1,2,3],{\"name\":\"Ann\",\"age\":7}]")))
			.isEqualTo("Ann:13");
		assertThat(registry.invoke(withHub("chat"), "whoAmI", arguments("[\"hi\"]"))).isEqualTo("hi conn-1/alice");
		assertThat(registry.invoke(ALICE, "nothing", arguments("[]"))).isNull();
	}

	@Test
	void aWrongNumberOfArgumentsIsNamedWithoutCountingTheCaller() {
		HubMethodRegistry registry = start(Handlers.class);

		assertThatExceptionOfType(HubException.class).isThrownBy(() -> registry.invoke(ALICE, "add", arguments("[1]")))
			.withMessage("Invocation provides 1 argument(s) but target expects 2.");
		assertThatExceptionOfType(HubException.class)
			.isThrownBy(() -> registry.invoke(withHub("chat"), "whoAmI", arguments("[]")))
			.withMessage("Invocation provides 0 argument(s) but target expects 1.");
		assertThatExceptionOfType(HubException.class)
			.isThrownBy(() -> registry.invoke(ALICE, "add", arguments("{\"a\":1,\"b\":2}")))
			.withMessage("Invocation provides 0 argument(s) but target expects 2.");
	}

	@Test
	void argumentsOfTheWrongTypeAreABindingError() {
		HubMethodRegistry registry = start(Handlers.class);

		assertThatExceptionOfType(HubException.class)
			.isThrownBy(() -> registry.invoke(ALICE, "add", arguments("[\"x\",{}]")))
			.withMessageStartingWith("Error binding arguments.");
		assertThatExceptionOfType(HubException.class)
			.isThrownBy(() -> registry.invoke(ALICE, "total", arguments("[\"not a list\",{}]")))
			.withMessageStartingWith("Error binding arguments.");
	}

	@Test
	void anUnknownMethodDoesNotExist() {
		assertThatExceptionOfType(HubException.class)
			.isThrownBy(() -> start(Handlers.class).invoke(ALICE, "whoAmI", arguments("[\"hi\"]")))
			.withMessage("Method does not exist.");
	}

	@Test
	void aHubExceptionReachesTheCallerAsThrown() {
		assertThatExceptionOfType(HubException.class)
			.isThrownBy(() -> start(Handlers.class).invoke(ALICE, "refuse", arguments("[]")))
			.withMessage("not on a Sunday");
	}

	@Test
	void anyOtherExceptionIsReportedWithoutItsDetail() {
		assertThatExceptionOfType(HubException.class)
			.isThrownBy(() -> start(Handlers.class).invoke(ALICE, "Fail", arguments("[]")))
			.withMessage("An unexpected error occurred invoking 'Fail' on the server.")
			.withNoCause();
	}

	@AfterEach
	void close() {
		this.context.close();
	}

	private HubMethodRegistry start(Class<?>... handlers) {
		for (Class<?> handler : handlers) {
			this.context.registerBean(handler);
		}
		this.context.registerBean(HubMethodRegistry.class,
				() -> new HubMethodRegistry(this.context, HUBS, JsonMapper.shared(), ObservationRegistry.NOOP));
		this.context.refresh();
		return this.context.getBean(HubMethodRegistry.class);
	}

	private static JsonNode arguments(String json) {
		return JsonMapper.shared().readTree(json);
	}

	private static InvocationContext withHub(String hub) {
		return new InvocationContext(hub, ALICE.connectionId(), ALICE.userId(), ALICE.claims(), ALICE.query());
	}

	record Person(String name, int age) {
	}

	static class Handlers {

		@HubMethod(name = "add")
		int add(int a, int b) {
			return a + b;
		}

		@HubMethod(name = "total")
		String total(List<Integer> numbers, Person person) {
			return person.name() + ":" + (numbers.stream().mapToInt(Integer::intValue).sum() + person.age());
		}

		@HubMethod(hub = "CHAT", name = "whoAmI")
		String whoAmI(String greeting, InvocationContext caller) {
			return greeting + " " + caller.connectionId() + "/" + caller.userId();
		}

		@HubMethod(name = "nothing")
		void nothing() {
		}

		@HubMethod(name = "refuse")
		void refuse() {
			throw new HubException("not on a Sunday");
		}

		@HubMethod(name = "fail")
		void fail() {
			throw new IllegalStateException("secret detail");
		}

	}

	static class SecondAdd {

		@HubMethod(hub = "Notifications", name = "ADD")
		int add(int a, int b) {
			return a - b;
		}

	}

	static class UnknownHub {

		@HubMethod(hub = "elsewhere", name = "x")
		void x() {
		}

	}

}
