package dev.beacon.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * springdoc's switches hold at run time, as they must in the Spring AOT image where
 * springdoc's own conditions were fixed at build time: the document and the UI answer 404
 * when turned off, and nothing else is touched.
 */
class OpenApiSwitchFilterTests {

	@ParameterizedTest(name = "api-docs={0}, swagger-ui={1}: {2} -> {3}")
	@CsvSource({ "true, true, /v3/api-docs, 200", "true, true, /swagger-ui.html, 200", "false, true, /v3/api-docs, 404",
			"false, true, /v3/api-docs.yaml, 404", "false, true, /v3/api-docs/swagger-config, 404",
			"false, true, /swagger-ui.html, 404", "false, true, /swagger-ui/index.html, 404",
			"false, true, /api/status, 200", "false, true, /v3/api-docsx, 200", "true, false, /swagger-ui.html, 404",
			"true, false, /swagger-ui/index.html, 404", "true, false, /v3/api-docs, 200",
			"false, true, /v3/api%2Ddocs, 404", "false, true, /%763/api-docs, 404",
			"false, true, /v3/api%2Ddocs.yaml, 404", "true, false, /swagger%2Dui/index.html, 404" })
	void turnedOffPartsAnswerNotFound(boolean apiDocs, boolean swaggerUi, String path, int status) throws Exception {
		MockEnvironment environment = new MockEnvironment().withProperty("springdoc.api-docs.enabled", "" + apiDocs)
			.withProperty("springdoc.swagger-ui.enabled", "" + swaggerUi);

		assertThat(filter(environment, new MockHttpServletRequest("GET", path))).isEqualTo(status);
	}

	@Test
	void customPathsAndAContextPathAreFollowed() throws Exception {
		MockEnvironment environment = new MockEnvironment().withProperty("springdoc.api-docs.enabled", "false")
			.withProperty("springdoc.api-docs.path", "/openapi")
			.withProperty("springdoc.swagger-ui.path", "/docs/ui.html");

		assertThat(filter(environment, inContext("/beacon", "/openapi"))).isEqualTo(404);
		assertThat(filter(environment, inContext("/beacon", "/docs/ui.html"))).isEqualTo(404);
		assertThat(filter(environment, inContext("/beacon", "/docs/swagger-ui/index.css"))).isEqualTo(404);
		assertThat(filter(environment, inContext("/beacon", "/v3/api-docs"))).isEqualTo(200);
	}

	/** The status the filter answered, or 200 when it let the request through. */
	private static int filter(MockEnvironment environment, MockHttpServletRequest request) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		new OpenApiSwitchFilter(environment).doFilter(request, response, chain);
		if (chain.getRequest() != null) {
			assertThat(response.getStatus()).isEqualTo(200);
			return 200;
		}
		assertThat(response.getErrorMessage()).isNull();
		return response.getStatus();
	}

	private static MockHttpServletRequest inContext(String contextPath, String path) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", contextPath + path);
		request.setContextPath(contextPath);
		return request;
	}

}
