package dev.beacon.system;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Spring MVC's mapping of requests to controller methods, with each mapping's path tried
 * first. A path with a variable ({@code /api/hubs/{hub}/messages}) cannot be looked up
 * directly, so Spring tries every mapping on each such request, and tries a mapping's
 * method, headers, {@code consumes} and {@code produces} before its path: for a publish,
 * two dozen {@code POST} mappings each parsed and compared the request's media types
 * (about 6% of a publish's CPU, docs/performance.md). A mapping whose path cannot match
 * is now passed over after the path alone; one whose path matches is tried whole, as
 * Spring tries it, so the same method answers and the same 404, 405, 406 and 415 come
 * back.
 */
final class PathFirstHandlerMapping extends RequestMappingHandlerMapping {

	@Override
	protected @Nullable RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
		PathPatternsRequestCondition paths = info.getPathPatternsCondition();
		if (paths != null && paths.getMatchingCondition(request) == null) {
			return null;
		}
		return super.getMatchingMapping(info, request);
	}

}
