package dev.beacon.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validates requests against Microsoft's Swagger of the data-plane REST API of the
 * version each names in its {@code api-version}: 2024-12-01
 * ({@code src/test/resources/signalr-rest-api/v20241201.json}) or 2022-06-01
 * ({@code V20220601.json}). A request naming no known version is a failure.
 */
public final class SwaggerValidation {

	public static final Path DIRECTORY = Path.of("src/test/resources/signalr-rest-api");

	private static final Map<String, String> FILES = Map.of("2024-12-01", "v20241201.json", "2022-06-01",
			"V20220601.json");

	private static final Map<String, OpenApiInteractionValidator> validators = new ConcurrentHashMap<>();

	private SwaggerValidation() {
	}

	private static OpenApiInteractionValidator validator(String pathAndQuery) {
		Matcher version = API_VERSION.matcher(pathAndQuery);
		String file = version.find() ? FILES.get(version.group(1)) : null;
		assertThat(file).as("%s names an api-version with a Swagger file (%s)", pathAndQuery, FILES.keySet())
			.isNotNull();
		return validators.computeIfAbsent(file, (name) -> {
			try {
				return OpenApiInteractionValidator
					.createForInlineApiSpecification(Files.readString(DIRECTORY.resolve(name)))
					.build();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	private static final Pattern API_VERSION = Pattern.compile("[?&]api-version=([0-9-]+)");

	private static final Pattern STREAM_ITEM = Pattern.compile(".*/streams/[^/]+/:send");

	private static final Pattern COMMAND_PROPERTIES = Pattern.compile(
			"^\\[Path '/(\\d+)'\\] Object instance has properties which are not allowed by the schema: \\[(.*?)\\]");

	private static final Map<String, JsonNode> definitions = new ConcurrentHashMap<>();

	public static void assertValid(LoggedRequest logged) {
		String url = logged.getUrl();
		int question = url.indexOf('?');
		String path = (question >= 0) ? url.substring(0, question) : url;
		SimpleRequest.Builder request = new SimpleRequest.Builder(Request.Method.valueOf(logged.getMethod().getName()),
				path);
		if (question >= 0) {
			for (String parameter : url.substring(question + 1).split("&")) {
				int equals = parameter.indexOf('=');
				request.withQueryParam(decode(parameter.substring(0, equals)), decode(parameter.substring(equals + 1)));
			}
		}
		logged.getHeaders().all().forEach((header) -> request.withHeader(header.key(), header.values()));
		if (logged.getBody() != null && logged.getBody().length > 0) {
			request.withBody(logged.getBody());
		}
		ValidationReport report = validator(url).validateRequest(request.build());
		assertThat(findings(report, url, path, logged.getBody()))
			.as("%s %s against its version's Swagger", logged.getMethod(), url)
			.isEmpty();
	}

	/**
	 * Validates a request to the local service and its answer against the Swagger.
	 * @param method the HTTP method
	 * @param pathAndQuery the path (relative to the local prefix) and query
	 * @param body the request body, or null
	 * @param status the response status
	 * @param responseBody the response body, or empty
	 * @param contentType the response content type, or null
	 */
	public static void assertValidExchange(String method, String pathAndQuery, byte[] body, int status,
			String responseBody, String contentType) {
		int question = pathAndQuery.indexOf('?');
		String path = (question >= 0) ? pathAndQuery.substring(0, question) : pathAndQuery;
		SimpleRequest.Builder request = new SimpleRequest.Builder(Request.Method.valueOf(method), path);
		if (question >= 0) {
			for (String parameter : pathAndQuery.substring(question + 1).split("&")) {
				int equals = parameter.indexOf('=');
				request.withQueryParam(decode(parameter.substring(0, equals)), decode(parameter.substring(equals + 1)));
			}
		}
		if (body != null) {
			request.withContentType("application/json").withBody(body);
		}
		com.atlassian.oai.validator.model.SimpleResponse.Builder response = com.atlassian.oai.validator.model.SimpleResponse.Builder
			.status(status);
		if (contentType != null) {
			response.withContentType(contentType);
		}
		if (!responseBody.isEmpty()) {
			response.withBody(responseBody);
		}
		ValidationReport report = validator(pathAndQuery).validate(request.build(), response.build());
		assertThat(findings(report, pathAndQuery, path, body))
			.as("%s %s -> %d against its version's Swagger", method, pathAndQuery, status)
			.isEmpty();
	}

	/** What the report finds wrong, less the Swagger's own flaws set aside below. */
	private static List<ValidationReport.Message> findings(ValidationReport report, String pathAndQuery, String path,
			byte @Nullable [] body) {
		return report.getMessages()
			.stream()
			.filter((message) -> !isAnyTypeArgument(message))
			.filter((message) -> !isStreamItem(message, path))
			.filter((message) -> !isDerivedCommandProperty(message, pathAndQuery, path, body))
			.toList();
	}

	/**
	 * The Swagger declares no body for a stream item ({@code .../streams/{id}/:send});
	 * the .NET SDK sends the item as the raw JSON body, and so does Beacon.
	 */
	private static boolean isStreamItem(ValidationReport.Message message, String path) {
		return STREAM_ITEM.matcher(path).matches() && message.getMessage().startsWith("No request body is expected");
	}

	/**
	 * The 2024-12-01 Swagger declares the items of {@code :execute} as the base
	 * {@code SignalRCommand}: {@code type} and no other property. Each command's own
	 * property is in a definition named after its type ({@code JoinGroup}: {@code group})
	 * that nothing references, so read strictly only a bare {@code CloseConnection} is
	 * valid. A finding is set aside only when every property it names is one that the
	 * item's own type declares; an unknown type or a property of another type stays a
	 * finding.
	 */
	private static boolean isDerivedCommandProperty(ValidationReport.Message message, String pathAndQuery, String path,
			byte @Nullable [] body) {
		Matcher finding = COMMAND_PROPERTIES.matcher(message.getMessage());
		if (!path.endsWith("/:execute") || body == null || !finding.find()) {
			return false;
		}
		String type = JsonMapper.shared()
			.readTree(body)
			.path(Integer.parseInt(finding.group(1)))
			.path("type")
			.asString();
		Set<String> declared = new HashSet<>();
		definitions(pathAndQuery).path(type)
			.path("allOf")
			.forEach((part) -> declared.addAll(part.path("properties").propertyNames()));
		List<String> named = Arrays.stream(finding.group(2).split(","))
			.map((name) -> name.strip().replace("\"", ""))
			.toList();
		return !declared.isEmpty() && declared.containsAll(named);
	}

	private static JsonNode definitions(String pathAndQuery) {
		Matcher version = API_VERSION.matcher(pathAndQuery);
		String file = version.find() ? FILES.get(version.group(1)) : null;
		if (file == null) {
			return MissingNode.getInstance();
		}
		return definitions.computeIfAbsent(file, (name) -> {
			try {
				return JsonMapper.shared().readTree(Files.readString(DIRECTORY.resolve(name))).path("definitions");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	/**
	 * The Swagger declares {@code arguments} items and a client result's {@code result}
	 * without a type ("It can be any type"); the validator's Swagger 2 conversion narrows
	 * untyped schemas to objects. Strings and numbers are valid there, so only that
	 * finding is set aside.
	 */
	private static boolean isAnyTypeArgument(ValidationReport.Message message) {
		return (message.getMessage().startsWith("[Path '/arguments/")
				|| message.getMessage().startsWith("[Path '/result']"))
				&& message.getMessage().contains("allowed: [\"object\"]");
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

}
