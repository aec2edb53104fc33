package dev.beacon.system;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.beacon.support.BeaconTest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.support.ConfigurableWebBindingInitializer;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.support.StaticWebApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestResponseBodyMethodProcessor;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading JSON bodies and writing JSON answers directly changes how, never what: for
 * every request below, Spring's own adapter and {@link DirectJsonHandlerAdapter} call the
 * method with the same argument and answer the same status, type and body, or fail with
 * the same exception and message; only clean bodies and fixed answers take the direct
 * way.
 */
class DirectJsonHandlerAdapterTests {

	static final String VALID = "{\"target\":\"newOrder\",\"arguments\":[42,\"é\"]}";

	@ParameterizedTest(name = "{0} {1} ({2})")
	@CsvSource(delimiter = '|', nullValues = "-", value = { "/api/hubs/chat/messages | application/json | " + VALID,
			"/api/hubs/chat/messages | application/json;charset=UTF-8 | " + VALID,
			"/api/hubs/chat/messages | application/json; charset=ISO-8859-1 | " + VALID,
			"/api/hubs/chat/messages | application/json | -", "/api/hubs/chat/messages | application/json | {",
			"/api/hubs/chat/messages | application/json | {\"target\":\"\"}",
			"/api/hubs/chat/messages | application/json | {\"target\":\"t\",\"arguments\":[1,2,3]}",
			"/api/hubs/chat/messages | application/json | {\"target\":\"t\"} trailing",
			"/api/hubs/chat/messages | application/json | []",
			"/api/hubs/chat/messages | application/json | {\"target\":42}",
			"/api/hubs/chat/messages | application/json | null",
			"/api/hubs/chat/status/u1 | application/json | " + VALID,
			"/api/hubs/chat/status/u1 | application/json | {\"target\":\" \"}",
			"/api/hubs/chat/unchecked | application/json | {\"target\":\"\"}",
			"/api/hubs/chat/optional | application/json | -", "/api/hubs/chat/optional | application/json | " + VALID,
			"/api/hubs/chat/text | application/json | " + VALID })
	void callsAndAnswersAsSpringsOwnAdapterDoes(String path, String contentType, String body) {
		assertThat(outcome(new DirectJsonHandlerAdapter(), path, contentType, body))
			.isEqualTo(outcome(new RequestMappingHandlerAdapter(), path, contentType, body));
	}

	@ParameterizedTest(name = "{0} {1} ({2}) -> {3}")
	@CsvSource(delimiter = '|', nullValues = "-",
			value = { "/api/hubs/chat/messages | application/json | " + VALID + " | 202 newOrder@chat",
					"/api/hubs/chat/messages | application/json | {\"target\":\"\"} | MethodArgumentNotValidException",
					"/api/hubs/chat/messages | application/json | { | HttpMessageNotReadableException",
					"/api/hubs/chat/optional | application/json | - | 200 none" })
	void answersAsSpringDoes(String path, String contentType, String body, String expected) {
		assertThat(outcome(new DirectJsonHandlerAdapter(), path, contentType, body)).startsWith(expected);
	}

	@ParameterizedTest(name = "{0} ({1}): Spring reads it {2} times")
	@CsvSource(delimiter = '|', value = { "/api/hubs/chat/messages | application/json | " + VALID + " | 0",
			"/api/hubs/chat/messages | application/json;charset=utf-8 | " + VALID + " | 0",
			"/api/hubs/chat/unchecked | application/json | {\"target\":\"\"} | 0",
			"/api/hubs/chat/messages | application/json; charset=ISO-8859-1 | " + VALID + " | 1",
			"/api/hubs/chat/messages | application/json | {\"target\":\"\"} | 1",
			"/api/hubs/chat/messages | application/json | { | 1", "/api/hubs/chat/optional | application/json | | 1",
			"/api/hubs/chat/text | application/json | " + VALID + " | 1" })
	void onlyBodiesThatReadAndValidateCleanlyTakeTheDirectWay(String path, String contentType, String body,
			int springReads) throws Exception {
		AtomicInteger reads = new AtomicInteger();
		RequestResponseBodyMethodProcessor spring = new RequestResponseBodyMethodProcessor(
				List.of(new JacksonJsonHttpMessageConverter(JsonMapper.shared()))) {

			@Override
			public @Nullable Object resolveArgument(MethodParameter parameter,
					@Nullable ModelAndViewContainer mavContainer, NativeWebRequest webRequest,
					@Nullable WebDataBinderFactory binderFactory) throws Exception {
				reads.incrementAndGet();
				return super.resolveArgument(parameter, mavContainer, webRequest, binderFactory);
			}

		};
		RequestMappingHandlerMapping mapping = mapping();
		MockHttpServletRequest request = request(path, contentType, body);
		HandlerMethod handler = (HandlerMethod) mapping.getHandler(request).getHandler();
		MethodParameter parameter = handler.getMethodParameters()[handler.getMethodParameters().length - 1];
		DirectJsonBodies bodies = new DirectJsonBodies(spring, JsonMapper.shared(), validator());
		try {
			bodies.resolveArgument(parameter, new ModelAndViewContainer(),
					new org.springframework.web.context.request.ServletWebRequest(request,
							new MockHttpServletResponse()),
					null);
		}
		catch (Exception ex) {
			// Spring's own error, counted as its read
		}
		assertThat(reads).hasValue(springReads);
	}

	@ParameterizedTest(name = "{0} written directly: {1}")
	@CsvSource({ "send, true", "status, false", "text, true", "unchecked, true", "optional, false" })
	void answersAreWrittenDirectlyOnlyWhereNegotiationCouldEndOneWay(String method, boolean direct) {
		HandlerMethod handler = mapping().getHandlerMethods()
			.values()
			.stream()
			.filter((candidate) -> candidate.getMethod().getName().equals(method))
			.findFirst()
			.orElseThrow();
		assertThat(new DirectJsonAnswers(JsonMapper.shared()).supportsReturnType(handler.getReturnType()))
			.isEqualTo(direct);
	}

	@ParameterizedTest
	@CsvSource({ "/messages, true", "/api/hubs/{hub}/messages, true", "/messages:batch, true", "/users/{user}, false",
			"/status/f.txt, false", "/messages/, false", "/*, false", "/messages?, false" })
	void aFixedLastSegmentWithoutADotIsOneNoFileNameGuardAppliesTo(String path, boolean fixed) {
		assertThat(DirectJsonAnswers.endsInFixedSegmentWithoutDot(path)).isEqualTo(fixed);
	}

	@Test
	void bodyAdviceTheDirectWayWouldSkipLeavesEveryBodyAndAnswerToSpring() {
		StaticWebApplicationContext context = new StaticWebApplicationContext();
		context.registerSingleton("rewriting", RewritingAdvice.class);
		context.refresh();
		DirectJsonHandlerAdapter adapter = new DirectJsonHandlerAdapter();
		adapter.setApplicationContext(context);
		adapter
			.setMessageConverters(new ArrayList<>(List.of(new JacksonJsonHttpMessageConverter(JsonMapper.shared()))));
		adapter.afterPropertiesSet();
		assertThat(adapter.otherBodyAdvice()).containsExactly(RewritingAdvice.class);
		assertThat(adapter.getArgumentResolvers()).noneMatch(DirectJsonBodies.class::isInstance);
		assertThat(adapter.getReturnValueHandlers()).noneMatch(DirectJsonAnswers.class::isInstance);
	}

	@Test
	void aDirectAnswerIsNotSentBeforeTheRequestEnds() throws Exception {
		MockHttpServletResponse response = handle(new DirectJsonHandlerAdapter(), "/api/hubs/chat/messages",
				"application/json", VALID);
		assertThat(response.getContentAsString()).startsWith("{\"id\":");
		// Not committed, and no declared length that would send it once written
		assertThat(response.isCommitted()).isFalse();
		assertThat(response.getHeader("Content-Length")).isNull();
	}

	@Nested
	@BeaconTest
	class InBeacon {

		@Autowired
		RequestMappingHandlerAdapter adapter;

		@Test
		void controllerMethodsReadAndAnswerJsonRecordsDirectlyFirst() {
			assertThat(this.adapter).isInstanceOf(DirectJsonHandlerAdapter.class);
			assertThat(((DirectJsonHandlerAdapter) this.adapter).otherBodyAdvice())
				.as("body advice the direct way would skip: decide whether it may, then list it in "
						+ "DirectJsonHandlerAdapter")
				.isEmpty();
			assertThat(this.adapter.getArgumentResolvers()).first().isInstanceOf(DirectJsonBodies.class);
			assertThat(this.adapter.getReturnValueHandlers()).first().isInstanceOf(DirectJsonAnswers.class);
		}

	}

	/**
	 * What the method was called with and answered: status, type and body, or the
	 * exception with its message.
	 */
	private static String outcome(RequestMappingHandlerAdapter adapter, String path, String contentType,
			@Nullable String body) {
		try {
			MockHttpServletResponse response = handle(adapter, path, contentType, body);
			return response.getStatus() + " " + Hubs.calls.getLast() + " " + response.getContentType() + " "
					+ response.getContentAsString(StandardCharsets.UTF_8);
		}
		catch (Exception ex) {
			return ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
	}

	private static MockHttpServletResponse handle(RequestMappingHandlerAdapter adapter, String path, String contentType,
			@Nullable String body) throws Exception {
		StaticWebApplicationContext context = new StaticWebApplicationContext();
		context.refresh();
		adapter.setApplicationContext(context);
		adapter
			.setMessageConverters(new ArrayList<>(List.of(new JacksonJsonHttpMessageConverter(JsonMapper.shared()))));
		ConfigurableWebBindingInitializer initializer = new ConfigurableWebBindingInitializer();
		initializer.setValidator(validator());
		adapter.setWebBindingInitializer(initializer);
		adapter.afterPropertiesSet();
		MockHttpServletRequest request = request(path, contentType, body);
		MockHttpServletResponse response = new MockHttpServletResponse();
		HandlerExecutionChain chain = mapping().getHandler(request);
		adapter.handle(request, response, chain.getHandler());
		return response;
	}

	private static MockHttpServletRequest request(String path, String contentType, @Nullable String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
		request.setContentType(contentType);
		if (body != null) {
			MediaType type = MediaType.parseMediaType(contentType);
			request.setContent(body.getBytes((type.getCharset() != null) ? type.getCharset() : StandardCharsets.UTF_8));
		}
		return request;
	}

	private static RequestMappingHandlerMapping mapping() {
		StaticWebApplicationContext context = new StaticWebApplicationContext();
		context.registerSingleton("hubs", Hubs.class);
		context.refresh();
		RequestMappingHandlerMapping mapping = new RequestMappingHandlerMapping();
		mapping.setApplicationContext(context);
		mapping.afterPropertiesSet();
		return mapping;
	}

	private static LocalValidatorFactoryBean validator() {
		LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
		validator.afterPropertiesSet();
		return validator;
	}

	@ControllerAdvice
	static class RewritingAdvice implements ResponseBodyAdvice<Object> {

		@Override
		public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
			return true;
		}

		@Override
		public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType,
				MediaType selectedContentType, Class<? extends HttpMessageConverter<?>> selectedConverterType,
				ServerHttpRequest request, ServerHttpResponse response) {
			return body;
		}

	}

	record Message(@NotBlank String target, @Nullable @Size(max = 2) List<Object> arguments) {
	}

	record Accepted(String id) {
	}

	@RestController
	@RequestMapping("/api/hubs/{hub}")
	static class Hubs {

		static final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

		@PostMapping(path = "/messages", consumes = MediaType.APPLICATION_JSON_VALUE,
				produces = MediaType.APPLICATION_JSON_VALUE)
		@ResponseStatus(HttpStatus.ACCEPTED)
		Accepted send(@PathVariable String hub, @Valid @RequestBody Message message) {
			return called(message.target() + "@" + hub + " " + message);
		}

		@PostMapping(path = "/status/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
				produces = MediaType.APPLICATION_JSON_VALUE)
		Accepted status(@PathVariable String id, @Valid @RequestBody Message message) {
			return called(id + " " + message);
		}

		@PostMapping(path = "/unchecked", produces = MediaType.APPLICATION_JSON_VALUE)
		Accepted unchecked(@RequestBody Message message) {
			return called("unchecked " + message);
		}

		@PostMapping(path = "/optional")
		Accepted optional(@RequestBody(required = false) @Nullable Message message) {
			return called((message != null) ? message.toString() : "none");
		}

		@PostMapping(path = "/text", produces = MediaType.APPLICATION_JSON_VALUE)
		Accepted text(@Valid @RequestBody String message) {
			return called("text " + message);
		}

		private static Accepted called(String call) {
			calls.add(call);
			return new Accepted(call);
		}

	}

}
