package dev.beacon.protocol;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The headers SignalR Service sends with every upstream request in serverless mode, and
 * the formats of the two that carry structured values. Source: Microsoft's "Upstream
 * endpoints" documentation and the Functions extension that reads them.
 */
public final class UpstreamHeaders {

	public static final String CONNECTION_ID = "X-ASRS-Connection-Id";

	public static final String HUB = "X-ASRS-Hub";

	public static final String CATEGORY = "X-ASRS-Category";

	public static final String EVENT = "X-ASRS-Event";

	public static final String SIGNATURE = "X-ASRS-Signature";

	public static final String USER_ID = "X-ASRS-User-Id";

	public static final String USER_CLAIMS = "X-ASRS-User-Claims";

	public static final String CLIENT_QUERY = "X-ASRS-Client-Query";

	/** {@code X-ASRS-Category} of connect and disconnect events. */
	public static final String CONNECTIONS = "connections";

	/** {@code X-ASRS-Category} of client invocations. */
	public static final String MESSAGES = "messages";

	public static final String CONNECTED = "connected";

	public static final String DISCONNECTED = "disconnected";

	/** Registered claims the upstream has no use for; the service leaves them out. */
	private static final Set<String> SYSTEM_CLAIMS = Set.of("aud", "exp", "iat", "nbf", "iss", "jti");

	private UpstreamHeaders() {
	}

	/**
	 * {@code X-ASRS-User-Claims}: {@code type: value} pairs joined by {@code ", "}, one
	 * per value, registered claims left out. The format cannot carry a value that
	 * contains {@code ", "}: read back, {@code "Eve, role: admin"} would be a second
	 * claim. Such values are left out rather than sent ambiguously (Beacon never mints
	 * them: {@link ClientClaims#requireCarriable}).
	 * @param claims the client token's claims
	 * @return the header value, empty when there is nothing to send
	 */
	public static String claims(Map<String, ?> claims) {
		return claims.entrySet()
			.stream()
			.filter((claim) -> !SYSTEM_CLAIMS.contains(claim.getKey()) && ClientClaims.isCarriable(claim.getKey()))
			.flatMap((claim) -> values(claim.getValue()).stream()
				.map(String::valueOf)
				.filter(ClientClaims::isCarriable)
				.map((value) -> claim.getKey() + ": " + value))
			.collect(Collectors.joining(", "));
	}

	private static List<?> values(@Nullable Object value) {
		return (value instanceof List<?> list) ? list : List.of(String.valueOf(value));
	}

	/**
	 * Reads {@code X-ASRS-User-Claims} back into claim types and their values.
	 * @param header the header, or null
	 * @return the claims in order of appearance
	 */
	public static Map<String, List<String>> parseClaims(@Nullable String header) {
		Map<String, List<String>> claims = new LinkedHashMap<>();
		if (header != null) {
			for (String pair : header.split(", ")) {
				int colon = pair.indexOf(": ");
				if (colon > 0) {
					claims.computeIfAbsent(pair.substring(0, colon), (key) -> new ArrayList<>())
						.add(pair.substring(colon + 2));
				}
			}
		}
		return claims;
	}

	/**
	 * Reads {@code X-ASRS-Client-Query}: the client's own query string, so decoded
	 * leniently. A name or value that is not valid percent-encoding is kept as sent.
	 * @param header the header, or null
	 * @return the parameters in order of appearance
	 */
	public static Map<String, List<String>> parseClientQuery(@Nullable String header) {
		Map<String, List<String>> query = new LinkedHashMap<>();
		if (header != null) {
			for (String pair : header.replaceFirst("^\\?", "").split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int equals = pair.indexOf('=');
				String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
				String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
				query.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
			}
		}
		return query;
	}

	/** Percent-decodes strict UTF-8; anything else is kept as sent. */
	private static String decode(String text) {
		try {
			byte[] bytes = URLDecoder.decode(text, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (IllegalArgumentException | CharacterCodingException ex) {
			return text;
		}
	}

}
