package dev.beacon.protocol;

/**
 * The audience of a data-plane REST token, as Microsoft's SDK computes it
 * ({@code RestApiProvider}) and the service checks it: the endpoint's scheme and host
 * without port ({@code ServiceEndpoint.AudienceBaseUrl}), the request path relative to
 * the endpoint, and of the query only {@code api-version} and {@code application}, in the
 * request's order; {@code excluded}, {@code reason} and {@code ttl} stay out.
 */
public final class RestAudience {

	private RestAudience() {
	}

	/**
	 * The audience of a request.
	 * @param audienceBase scheme and host of the endpoint, no trailing slash
	 * @param path the raw path relative to the endpoint, starting with {@code /api/}
	 * @param rawQuery the raw query, or null
	 * @return the audience
	 */
	public static String of(String audienceBase, String path, String rawQuery) {
		String signed = signedQuery(rawQuery);
		return audienceBase + path + (signed.isEmpty() ? "" : "?" + signed);
	}

	/**
	 * The part of a query a REST token covers.
	 * @param rawQuery the raw query, or null
	 * @return {@code api-version} and {@code application} parameters, in order
	 */
	public static String signedQuery(String rawQuery) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return "";
		}
		StringBuilder signed = new StringBuilder();
		for (String parameter : rawQuery.split("&")) {
			if (parameter.startsWith("api-version=") || parameter.startsWith("application=")) {
				signed.append(signed.isEmpty() ? "" : "&").append(parameter);
			}
		}
		return signed.toString();
	}

}
