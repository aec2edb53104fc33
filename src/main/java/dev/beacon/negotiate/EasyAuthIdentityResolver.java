package dev.beacon.negotiate;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import dev.beacon.negotiate.NegotiateProperties.UserIdSource;
import dev.beacon.protocol.Names;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Reads the identity App Service / Container Apps authentication ("Easy Auth") puts in
 * {@code X-MS-CLIENT-PRINCIPAL*} headers. Trusted only when configured: the platform
 * strips these headers from outside requests, nothing else does.
 */
@Component
public class EasyAuthIdentityResolver {

	static final String PRINCIPAL_ID = "X-MS-CLIENT-PRINCIPAL-ID";

	static final String PRINCIPAL_NAME = "X-MS-CLIENT-PRINCIPAL-NAME";

	static final String PRINCIPAL = "X-MS-CLIENT-PRINCIPAL";

	private static final Set<String> ROLE_TYPES = Set.of("roles", "role",
			"http://schemas.microsoft.com/ws/2008/06/identity/claims/role");

	private final NegotiateProperties properties;

	private final JsonMapper jsonMapper;

	EasyAuthIdentityResolver(NegotiateProperties properties, JsonMapper jsonMapper) {
		this.properties = properties;
		this.jsonMapper = jsonMapper;
	}

	public ClientIdentity resolve(HttpServletRequest request) {
		UserIdSource source = this.properties.userIdSource();
		if (source == UserIdSource.NONE) {
			return ClientIdentity.ANONYMOUS;
		}
		String id = request.getHeader(PRINCIPAL_ID);
		String name = request.getHeader(PRINCIPAL_NAME);
		String userId = (source == UserIdSource.EASY_AUTH) ? id : name;
		if (userId == null || userId.isEmpty()) {
			return ClientIdentity.ANONYMOUS;
		}
		List<String> roles = this.properties.includeRoles() ? roles(request.getHeader(PRINCIPAL)) : List.of();
		return new ClientIdentity(Names.user(userId), name, roles);
	}

	private List<String> roles(String principal) {
		if (principal == null || principal.isEmpty()) {
			return List.of();
		}
		try {
			JsonNode root = this.jsonMapper.readTree(Base64.getDecoder().decode(principal));
			String roleType = root.path("role_typ").asString("");
			List<String> roles = new ArrayList<>();
			for (JsonNode claim : root.path("claims")) {
				String type = claim.path("typ").asString("");
				if (type.equals(roleType) || ROLE_TYPES.contains(type)) {
					roles.add(claim.path("val").asString(""));
				}
			}
			return roles;
		}
		catch (IllegalArgumentException | JacksonException ex) {
			throw new InvalidPrincipalException(PRINCIPAL + " is not base64-encoded JSON");
		}
	}

}
