package dev.beacon.restclient;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.beacon.endpoint.ServiceEndpoint;
import dev.beacon.restclient.RestCallExecutor.Answered;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A group's connections, a page at a time, from every online instance in turn. Beacon's
 * continuation token names the instance and carries that instance's own token, so a
 * caller pages through all instances as through one; an empty page from one instance is
 * skipped to the next. Names in the service's answer ({@code value}, {@code nextLink})
 * are matched case-insensitively, and its {@code nextLink} is read for its
 * {@code continuationToken} only.
 */
final class GroupListings {

	private final RestCallExecutor executor;

	private final JsonMapper jsonMapper;

	GroupListings(RestCallExecutor executor, JsonMapper jsonMapper) {
		this.executor = executor;
		this.jsonMapper = jsonMapper;
	}

	GroupMembersPage list(RestApiRequests requests, String hub, String group, int maxPageSize,
			@Nullable String continuationToken) {
		RestApiRequest first = requests.listConnectionsInGroup(hub, group, maxPageSize, null);
		List<ServiceEndpoint> instances = this.executor.online(first);
		Position position = Position.of(continuationToken, instances);
		for (int index = position.instance(); index < instances.size(); index++) {
			String token = (index == position.instance()) ? position.token() : null;
			RestApiRequest request = requests.listConnectionsInGroup(hub, group, maxPageSize, token).answered(null);
			Answered answered = this.executor.exchangeOn(request, instances.get(index));
			ServiceAnswer answer = answered.answer();
			if (answer.status() == 404) {
				continue;
			}
			if (!answer.successful()) {
				throw answered.failure(request);
			}
			Page page = page(request, answer);
			String next = (page.token() != null) ? Position.encode(instances.get(index), page.token())
					: (index + 1 < instances.size()) ? Position.encode(instances.get(index + 1), null) : null;
			if (!page.members().isEmpty() || next == null) {
				return new GroupMembersPage(page.members(), next);
			}
			if (page.token() != null) {
				return new GroupMembersPage(List.of(), next);
			}
		}
		return new GroupMembersPage(List.of(), null);
	}

	private Page page(RestApiRequest request, ServiceAnswer answer) {
		JsonNode body;
		try {
			body = (answer.body().length > 0) ? this.jsonMapper.readTree(answer.body()) : this.jsonMapper.missingNode();
		}
		catch (JacksonException ex) {
			throw new SignalRRejectedException(request.method().name(), request.path(),
					"SignalR Service answered a group listing that is not JSON", ex);
		}
		JsonNode value = property(body, "value");
		if (!value.isArray()) {
			// Not a page: never read as "the group is empty", which would drop members
			throw new SignalRRejectedException(request.method().name(), request.path(),
					"SignalR Service answered a group listing without its value array", null);
		}
		List<GroupMember> members = new ArrayList<>();
		for (JsonNode member : value) {
			JsonNode connectionId = property(member, "connectionId");
			JsonNode userId = property(member, "userId");
			if (connectionId.isString()) {
				members.add(new GroupMember(connectionId.asString(), userId.isString() ? userId.asString() : null));
			}
		}
		JsonNode nextLink = property(body, "nextLink");
		return new Page(members, nextLink.isString() ? continuationOf(nextLink.asString()) : null);
	}

	private static JsonNode property(JsonNode node, String name) {
		for (Map.Entry<String, JsonNode> property : node.properties()) {
			if (property.getKey().equalsIgnoreCase(name)) {
				return property.getValue();
			}
		}
		return node.path(name);
	}

	/** The {@code continuationToken} of the service's {@code nextLink}. */
	static @Nullable String continuationOf(String nextLink) {
		String query = URI.create(nextLink).getRawQuery();
		if (query == null) {
			return null;
		}
		for (String parameter : query.split("&")) {
			int equals = parameter.indexOf('=');
			if (equals > 0 && parameter.substring(0, equals).equalsIgnoreCase("continuationToken")) {
				return URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
			}
		}
		return null;
	}

	private record Page(List<GroupMember> members, @Nullable String token) {
	}

	/**
	 * Where a listing goes on: the instance, by name, and its own token (none for its
	 * first page). Encoded base64url as {@code name\n token}.
	 */
	private record Position(int instance, @Nullable String token) {

		static Position of(@Nullable String continuationToken, List<ServiceEndpoint> instances) {
			if (continuationToken == null || continuationToken.isEmpty()) {
				return new Position(0, null);
			}
			String decoded;
			try {
				decoded = new String(Base64.getUrlDecoder().decode(continuationToken), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				throw invalid("continuationToken is not one Beacon gave");
			}
			int newline = decoded.indexOf('\n');
			String name = (newline >= 0) ? decoded.substring(0, newline) : "";
			for (int i = 0; i < instances.size(); i++) {
				if (instances.get(i).name().equals(name)) {
					String token = decoded.substring(newline + 1);
					return new Position(i, token.isEmpty() ? null : token);
				}
			}
			throw invalid((newline < 0) ? "continuationToken is not one Beacon gave"
					: "continuationToken names a SignalR Service instance that is not online now; start again");
		}

		static String encode(ServiceEndpoint instance, @Nullable String token) {
			String text = instance.name() + "\n" + ((token != null) ? token : "");
			return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
		}

		private static ErrorResponseException invalid(String detail) {
			ErrorResponseException ex = new ErrorResponseException(HttpStatus.BAD_REQUEST);
			ex.getBody().setTitle("Invalid continuation token");
			ex.getBody().setDetail(detail);
			return ex;
		}

	}

}
