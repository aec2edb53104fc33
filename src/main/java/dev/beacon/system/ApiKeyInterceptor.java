package dev.beacon.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets a request reach a {@link RequiresApiKey} handler only with a valid key, in
 * {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}. Runs before the body
 * is read, so an unauthenticated caller cannot make Beacon parse anything.
 */
class ApiKeyInterceptor implements HandlerInterceptor {

	static final String HEADER = "X-API-Key";

	private final ApiKeys apiKeys;

	ApiKeyInterceptor(ApiKeys apiKeys) {
		this.apiKeys = apiKeys;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (handler instanceof HandlerMethod method && requiresKey(method)) {
			String key = ApiKeys.presented(request);
			if (key == null) {
				throw new MissingApiKeyException(
						"An API key is required: send Authorization: Bearer <key> or " + HEADER + ": <key>");
			}
			if (!this.apiKeys.matches(key)) {
				throw new MissingApiKeyException("The API key is not valid");
			}
		}
		return true;
	}

	private static boolean requiresKey(HandlerMethod method) {
		return method.hasMethodAnnotation(RequiresApiKey.class)
				|| AnnotatedElementUtils.hasAnnotation(method.getBeanType(), RequiresApiKey.class);
	}

}
