package dev.beacon.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Keeps {@code springdoc.api-docs.enabled=false} and
 * {@code springdoc.swagger-ui.enabled=false} working in the image. springdoc's switches
 * are conditions, which Spring AOT fixes when the image is built (both on), so this
 * filter reads them at run time and answers 404 for the document and the UI when turned
 * off. On the plain jar springdoc's own conditions already leave them out.
 */
@Component
class OpenApiSwitchFilter extends OncePerRequestFilter {

	private final String apiDocsPath;

	private final boolean apiDocs;

	private final boolean swaggerUi;

	private final String swaggerUiPath;

	/** Where springdoc serves the UI's files: beside the UI's page. */
	private final String swaggerUiResources;

	OpenApiSwitchFilter(Environment environment) {
		this.apiDocs = environment.getProperty("springdoc.api-docs.enabled", Boolean.class, true);
		this.apiDocsPath = environment.getProperty("springdoc.api-docs.path", "/v3/api-docs");
		// The UI reads the document, so it goes with it.
		this.swaggerUi = this.apiDocs && environment.getProperty("springdoc.swagger-ui.enabled", Boolean.class, true);
		this.swaggerUiPath = environment.getProperty("springdoc.swagger-ui.path", "/swagger-ui.html");
		this.swaggerUiResources = this.swaggerUiPath.substring(0, this.swaggerUiPath.lastIndexOf('/') + 1)
				+ "swagger-ui/";
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (this.apiDocs && this.swaggerUi) {
			return true;
		}
		// Decoded, as Spring MVC matches it: /v3/api%2Ddocs must not slip past.
		String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
		boolean document = under(path, this.apiDocsPath);
		boolean ui = path.equals(this.swaggerUiPath) || path.startsWith(this.swaggerUiResources);
		return !((document && !this.apiDocs) || (ui && !this.swaggerUi));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Problems.send(request, response, HttpStatus.NOT_FOUND, "Not Found",
				"The OpenAPI document and Swagger UI are turned off (springdoc.api-docs.enabled, "
						+ "springdoc.swagger-ui.enabled)");
	}

	private static boolean under(String path, String prefix) {
		return path.equals(prefix) || path.startsWith(prefix + "/") || path.startsWith(prefix + ".");
	}

}
