package dev.beacon.negotiate;

/**
 * The redirect form of a negotiate response: the official clients follow {@code url} with
 * {@code accessToken} as their bearer token.
 *
 * @param url the client URL of the service, ending in {@code /client/?hub=<hub>}
 * @param accessToken the JWT for that URL
 */
public record NegotiateResponse(String url, String accessToken) {

	@Override
	public String toString() {
		return "NegotiateResponse[url=" + this.url + ", accessToken=(redacted)]";
	}

}
