package dev.beacon.system;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonView;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.validation.Validator;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestResponseBodyMethodProcessor;

/**
 * Reads a JSON {@code @RequestBody} record straight from the body's bytes with the JSON
 * converter's own mapper and checks it with the binder's own validator, instead of
 * Spring's general way (choosing a converter per request, copying every header, a data
 * binder per argument), which cost about a third of reading a publish
 * (docs/performance.md). Only a body that reads and validates cleanly takes this way;
 * anything else (no body, bad JSON, an invalid value, another media type or charset, an
 * {@code Optional}, validation groups, a JSON view) goes to Spring's own resolver, the
 * bytes read so far replayed, so every error is the one Spring gives.
 */
final class DirectJsonBodies implements HandlerMethodArgumentResolver {

	private final RequestResponseBodyMethodProcessor spring;

	private final JsonMapper jsonMapper;

	private final @Nullable Validator validator;

	private final Map<MethodParameter, Plan> plans = new ConcurrentHashMap<>();

	DirectJsonBodies(RequestResponseBodyMethodProcessor spring, JsonMapper jsonMapper, @Nullable Validator validator) {
		this.spring = spring;
		this.jsonMapper = jsonMapper;
		this.validator = validator;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.hasParameterAnnotation(RequestBody.class);
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, @Nullable WebDataBinderFactory binderFactory) throws Exception {
		Plan plan = this.plans.computeIfAbsent(parameter, this::plan);
		HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
		HttpServletResponse response = webRequest.getNativeResponse(HttpServletResponse.class);
		if (plan.reader() == null || request == null || response == null || !utf8Json(request.getContentType())) {
			return this.spring.resolveArgument(parameter, mavContainer, webRequest, binderFactory);
		}
		byte[] body;
		try {
			body = request.getInputStream().readAllBytes();
		}
		catch (IOException ex) {
			throw new HttpMessageNotReadableException("I/O error while reading the request body: " + ex.getMessage(),
					ex, new ServletServerHttpRequest(request));
		}
		Object value = read(plan.reader(), body);
		if (value != null && (!plan.validated() || valid(value))) {
			return value;
		}
		// Spring's own way, for the error it gives
		return this.spring.resolveArgument(parameter, mavContainer,
				new ServletWebRequest(new Replayed(request, body), response), binderFactory);
	}

	private Plan plan(MethodParameter parameter) {
		Class<?> type = parameter.getParameterType();
		boolean validated = false;
		for (Annotation annotation : parameter.getParameterAnnotations()) {
			if (annotation instanceof Valid) {
				validated = true;
			}
			else if (annotation instanceof JsonView
					|| annotation.annotationType().getSimpleName().startsWith("Valid")) {
				// Groups (@Validated) or a view: Spring's way
				return new Plan(null, false);
			}
		}
		if (!type.isRecord() || parameter.isOptional()) {
			return new Plan(null, false);
		}
		return new Plan(this.jsonMapper.readerFor(type), validated);
	}

	private static @Nullable Object read(ObjectReader reader, byte[] body) {
		if (body.length == 0) {
			return null;
		}
		try {
			return reader.readValue(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private boolean valid(Object value) {
		return this.validator == null || !this.validator.supports(value.getClass())
				|| !this.validator.validateObject(value).hasErrors();
	}

	/**
	 * JSON the converter would read as bytes: {@code application/json}, in UTF-8 (or no
	 * charset, which for JSON means UTF-8).
	 */
	private static boolean utf8Json(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		if (contentType.equalsIgnoreCase(MediaType.APPLICATION_JSON_VALUE)) {
			return true;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			Charset charset = type.getCharset();
			return type.getType().equals("application") && type.getSubtype().equals("json")
					&& (charset == null || charset.equals(StandardCharsets.UTF_8));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * How a parameter is read: directly with {@code reader}, or (null) Spring's way.
	 */
	private record Plan(@Nullable ObjectReader reader, boolean validated) {
	}

	/** The request with its body, already read, read again from the start. */
	private static final class Replayed extends HttpServletRequestWrapper {

		private final byte[] body;

		Replayed(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("A replayed body is read blocking");
				}

			};
		}

	}

}
