package dev.beacon.system;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonView;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Writes a record a controller method answers with straight to the response with the JSON
 * converter's own mapper, where Spring's content negotiation could only end one way: the
 * method {@code produces} {@code application/json} alone (a request that does not accept
 * it was refused with 406 before the method ran), no JSON view, and every path of the
 * mapping ends in a fixed segment without a dot, so Spring's guard against reflected file
 * downloads (a {@code Content-Disposition} for a path ending in an extension) could never
 * apply. Spring's general way (matching the request's {@code Accept} against every
 * converter, per request) cost most of answering a publish (docs/performance.md). Any
 * other answer, and every error, is written Spring's way; the response body advice Beacon
 * has ({@link ProblemTraceIds}) changes only problem details.
 */
final class DirectJsonAnswers implements HandlerMethodReturnValueHandler {

	private final JsonMapper jsonMapper;

	private final Map<Method, Boolean> direct = new ConcurrentHashMap<>();

	DirectJsonAnswers(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public boolean supportsReturnType(MethodParameter returnType) {
		Method method = returnType.getMethod();
		return method != null && this.direct.computeIfAbsent(method, (key) -> writtenDirectly(returnType));
	}

	private static boolean writtenDirectly(MethodParameter returnType) {
		Class<?> type = returnType.getParameterType();
		if (!type.isRecord() || returnType.hasMethodAnnotation(JsonView.class)
				|| !(returnType.hasMethodAnnotation(ResponseBody.class)
						|| AnnotatedElementUtils.hasAnnotation(returnType.getContainingClass(), ResponseBody.class))) {
			return false;
		}
		RequestMapping classMapping = AnnotatedElementUtils.findMergedAnnotation(returnType.getContainingClass(),
				RequestMapping.class);
		RequestMapping methodMapping = AnnotatedElementUtils.findMergedAnnotation(returnType.getExecutable(),
				RequestMapping.class);
		if (methodMapping == null || methodMapping.produces().length != 1) {
			return false;
		}
		MediaType produced = MediaType.parseMediaType(methodMapping.produces()[0]);
		if (!produced.equalsTypeAndSubtype(MediaType.APPLICATION_JSON) || !produced.getParameters().isEmpty()) {
			return false;
		}
		String[] paths = methodMapping.path();
		if (paths.length == 0) {
			// The class's path alone
			paths = (classMapping != null) ? classMapping.path() : new String[0];
		}
		if (paths.length == 0) {
			return false;
		}
		for (String path : paths) {
			if (!endsInFixedSegmentWithoutDot(path)) {
				return false;
			}
		}
		return true;
	}

	static boolean endsInFixedSegmentWithoutDot(String path) {
		String last = path.substring(path.lastIndexOf('/') + 1);
		return !last.isEmpty()
				&& last.chars().noneMatch((c) -> c == '.' || c == '{' || c == '}' || c == '*' || c == '?');
	}

	@Override
	public void handleReturnValue(@Nullable Object returnValue, MethodParameter returnType,
			ModelAndViewContainer mavContainer, NativeWebRequest webRequest) throws Exception {
		mavContainer.setRequestHandled(true);
		HttpServletResponse response = webRequest.getNativeResponse(HttpServletResponse.class);
		if (returnValue == null || response == null) {
			return;
		}
		byte[] json = this.jsonMapper.writeValueAsBytes(returnValue);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		// Neither flushed nor given a length (a response that reaches its declared length
		// is sent at once): the container sends it, with its length, in one write when
		// the
		// request ends, after the request's audit line and metrics, as Spring's chunked
		// answer, whose last chunk went then, did
		response.getOutputStream().write(json);
	}

}
