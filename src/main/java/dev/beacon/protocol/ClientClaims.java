package dev.beacon.protocol;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Claims of a client access token that the service gives meaning to.
 */
public final class ClientClaims {

	/** The user ID, as ASP.NET Core's {@code ClaimTypes.NameIdentifier} short name. */
	public static final String NAME_ID = "nameid";

	/** The user ID the service itself sets; wins over {@code nameid}. */
	public static final String SERVICE_USER_ID = "asrs.s.uid";

	public static final String UNIQUE_NAME = "unique_name";

	public static final String ROLE = "role";

	private ClientClaims() {
	}

	/**
	 * Whether a claim type or value can travel in the service's
	 * {@code X-ASRS-User-Claims} header, which separates pairs with {@code ", "} and
	 * cannot escape it.
	 * @param text a claim type or value
	 * @return whether it holds no {@code ", "}
	 */
	public static boolean isCarriable(String text) {
		return !text.contains(", ");
	}

	/**
	 * Refuses a claim value the upstream could not carry unambiguously: a user name
	 * {@code "x, role: admin"} would reach hub methods as a role.
	 * @param type the claim type, for the message
	 * @param value the value
	 * @return the value
	 * @throws InvalidClaimException when it holds {@code ", "}
	 */
	public static String requireCarriable(String type, String value) {
		if (!isCarriable(value)) {
			throw new InvalidClaimException(type);
		}
		return value;
	}

	/**
	 * The user a client token is for.
	 * @param claims the token's claims
	 * @return the user ID, or null for an anonymous connection
	 */
	public static @Nullable String userId(Map<String, ?> claims) {
		Object user = (claims.get(SERVICE_USER_ID) != null) ? claims.get(SERVICE_USER_ID) : claims.get(NAME_ID);
		return (user != null) ? user.toString() : null;
	}

}
