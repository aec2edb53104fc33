package dev.beacon.system;

import dev.beacon.support.BeaconTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.StaticWebApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trying each mapping's path first changes which requests are looked at, never the
 * answer: for every request below, Spring's own mapping and
 * {@link PathFirstHandlerMapping} choose the same method, or refuse with the same
 * exception (405, 406, 415), or find nothing (404).
 */
class PathFirstHandlerMappingTests {

	@ParameterizedTest(name = "{0} {1} ({2}, accepts {3})")
	@CsvSource(nullValues = "-", value = { "POST, /api/hubs/chat/messages, application/json, application/json",
			"POST, /api/hubs/chat/messages, application/json, -", "POST, /api/hubs/chat/messages, text/plain, -",
			"POST, /api/hubs/chat/messages, application/json, text/html",
			"POST, /api/hubs/chat/messages, not a type, -", "GET, /api/hubs/chat/messages, -, -",
			"DELETE, /api/hubs/chat/messages, -, -", "PUT, /api/hubs/chat/groups/ops/connections/c1, -, -",
			"DELETE, /api/hubs/chat/groups/ops/connections/c1, -, -",
			"POST, /api/hubs/chat/groups/ops/connections/c1, -, -", "GET, /api/hubs/chat/groups/ops, -, -",
			"POST, /api/hubs/chat/groups/ops, application/json, -",
			"POST, /api/hubs/chat/messages:batch, application/json, -", "GET, /api/status, -, -",
			"GET, /api/status/, -, -", "POST, /api/status, application/json, -", "POST, /api/status, text/plain, -",
			"HEAD, /api/status, -, -", "OPTIONS, /api/hubs/chat/messages, -, -", "GET, /api/nothing/here, -, -",
			"POST, /api/hubs, application/json, -", "GET, /, -, -", "GET, /api/files/a/b/c, -, -",
			"GET, /api/files, -, -", "GET, /api/docs/x/y, -, -", "GET, /api/docs, -, -", "GET, /api/items/42, -, -",
			"GET, /api/items/x, -, -", "GET, /api/one, -, -", "GET, /api/one/two, -, -", "GET, /api/x/wild, -, -",
			"GET, /api//status, -, -", "GET, /api/hubs/chat//messages, -, -", "GET, /api/hubs/chat/messag%65s, -, -" })
	void choosesWhatSpringsOwnMappingChooses(String method, String path, String contentType, String accept) {
		assertThat(outcome(new PathFirstHandlerMapping(), method, path, contentType, accept))
			.isEqualTo(outcome(new RequestMappingHandlerMapping(), method, path, contentType, accept));
	}

	@ParameterizedTest(name = "{0} {1} ({2}, accepts {3}) -> {4}")
	@CsvSource(nullValues = "-",
			value = { "POST, /api/hubs/chat/messages, application/json, -, send",
					"POST, /api/hubs/chat/messages:batch, application/json, -, batch",
					"GET, /api/hubs/chat/messages, -, -, inbox",
					"DELETE, /api/hubs/chat/groups/ops/connections/c1, -, -, remove",
					"POST, /api/hubs/chat/messages, text/plain, -, HttpMediaTypeNotSupportedException",
					"POST, /api/hubs/chat/messages, application/json, text/html, HttpMediaTypeNotAcceptableException",
					"DELETE, /api/hubs/chat/messages, -, -, HttpRequestMethodNotSupportedException",
					"GET, /api/nothing/here, -, -, none", "GET, /api/files/a/b/c, -, -, files",
					"GET, /api/docs/x/y, -, -, docs", "GET, /api/items/42, -, -, item",
					"GET, /api/one/two, -, -, either", "GET, /api/x/wild, -, -, wild" })
	void answersAsSpringDoes(String method, String path, String contentType, String accept, String expected) {
		assertThat(outcome(new PathFirstHandlerMapping(), method, path, contentType, accept)).isEqualTo(expected);
	}

	@Nested
	@BeaconTest
	class InBeacon {

		@Autowired
		@Qualifier("requestMappingHandlerMapping")
		RequestMappingHandlerMapping mapping;

		@Test
		void controllersAreLookedUpPathFirst() {
			assertThat(this.mapping).isInstanceOf(PathFirstHandlerMapping.class);
		}

	}

	/** The chosen method's name, the exception's type, or "none". */
	private static String outcome(RequestMappingHandlerMapping mapping, String method, String path, String contentType,
			String accept) {
		StaticWebApplicationContext context = new StaticWebApplicationContext();
		context.registerSingleton("hubs", Hubs.class);
		context.registerSingleton("status", Status.class);
		context.registerSingleton("other", Other.class);
		context.refresh();
		mapping.setApplicationContext(context);
		mapping.afterPropertiesSet();
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		if (contentType != null) {
			request.setContentType(contentType);
		}
		if (accept != null) {
			request.addHeader("Accept", accept);
		}
		try {
			HandlerExecutionChain chain = mapping.getHandler(request);
			return (chain != null) ? ((HandlerMethod) chain.getHandler()).getMethod().getName() : "none";
		}
		catch (Exception ex) {
			return ex.getClass().getSimpleName();
		}
	}

	@RestController
	@RequestMapping("/api/hubs/{hub}")
	static class Hubs {

		@PostMapping(path = "/messages", consumes = MediaType.APPLICATION_JSON_VALUE,
				produces = MediaType.APPLICATION_JSON_VALUE)
		void send() {
		}

		@PostMapping(path = "/messages:batch", consumes = MediaType.APPLICATION_JSON_VALUE)
		void batch() {
		}

		@GetMapping("/messages")
		void inbox() {
		}

		@PutMapping("/groups/{group}/connections/{connection}")
		void add() {
		}

		@DeleteMapping("/groups/{group}/connections/{connection}")
		void remove() {
		}

		@GetMapping(path = "/groups/{group}", produces = MediaType.APPLICATION_JSON_VALUE)
		void members() {
		}

	}

	@RestController
	static class Status {

		@GetMapping("/api/status")
		void status() {
		}

		@PostMapping(path = "/api/status", consumes = MediaType.APPLICATION_JSON_VALUE)
		void publish() {
		}

	}

	@RestController
	static class Other {

		@GetMapping("/api/files/**")
		void files() {
		}

		@GetMapping("/api/docs/{*rest}")
		void docs() {
		}

		@GetMapping("/api/items/{id:\\d+}")
		void item() {
		}

		@GetMapping({ "/api/one", "/api/one/two" })
		void either() {
		}

		@GetMapping("/api/*/wild")
		void wild() {
		}

	}

}
