package dev.beacon.system;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * Actuator answers like the rest of Beacon. Actuator endpoints answer some errors with a
 * bare status (an unknown health component is a 404 without a body); those get a problem
 * body through the error controller. A health path whose first name is neither a group
 * nor a component is refused as 404 before the endpoint runs, which otherwise fails with
 * an assertion (a 500) on deeper paths such as {@code /actuator/health/x/y}.
 */
@Component
class ActuatorProblemFilter extends OncePerRequestFilter {

	private final String basePath;

	private final ObjectProvider<HealthEndpointGroups> groups;

	private final ObjectProvider<HealthContributorRegistry> contributors;

	ActuatorProblemFilter(WebEndpointProperties properties, ObjectProvider<HealthEndpointGroups> groups,
			ObjectProvider<HealthContributorRegistry> contributors) {
		this.basePath = properties.getBasePath();
		this.groups = groups;
		this.contributors = contributors;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		return !path.equals(this.basePath) && !path.startsWith(this.basePath + "/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String health = this.basePath + "/health/";
		String path = request.getRequestURI();
		if (path.startsWith(health) && path.length() > health.length()) {
			String first = path.substring(health.length()).split("/", -1)[0];
			if (!isKnownHealthName(first)) {
				Problems.send(request, response, HttpStatus.NOT_FOUND, "Not Found",
						"No health group or component has this name");
				return;
			}
		}
		WriteTrackingResponse tracked = new WriteTrackingResponse(response);
		chain.doFilter(request, tracked);
		if (response.getStatus() >= 400 && !tracked.written && !response.isCommitted()
				&& !"HEAD".equals(request.getMethod())) {
			response.sendError(response.getStatus());
		}
	}

	private boolean isKnownHealthName(String segment) {
		String name;
		try {
			name = UriUtils.decode(segment, java.nio.charset.StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		HealthEndpointGroups groups = this.groups.getIfAvailable();
		HealthContributorRegistry contributors = this.contributors.getIfAvailable();
		return (groups != null && groups.get(name) != null)
				|| (contributors != null && contributors.getContributor(name) != null);
	}

	private static final class WriteTrackingResponse extends HttpServletResponseWrapper {

		private boolean written;

		WriteTrackingResponse(HttpServletResponse response) {
			super(response);
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			this.written = true;
			return super.getOutputStream();
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			this.written = true;
			return super.getWriter();
		}

	}

}
