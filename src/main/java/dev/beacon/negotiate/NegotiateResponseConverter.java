package dev.beacon.negotiate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.io.JsonStringEncoder;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;

/**
 * Writes {@link NegotiateResponse} straight to bytes, ahead of the general JSON
 * converter: negotiate is Beacon's hottest endpoint and its answer has one shape. The URL
 * is escaped once per distinct URL (there is one per hub); the token is base64url and
 * dots, which JSON needs no escape for (checked, so a change elsewhere cannot produce bad
 * JSON).
 */
@Component
class NegotiateResponseConverter extends AbstractHttpMessageConverter<NegotiateResponse> {

	private static final byte[] URL = "{\"url\":\"".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ACCESS_TOKEN = "\",\"accessToken\":\"".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] END = "\"}".getBytes(StandardCharsets.US_ASCII);

	private volatile EscapedUrl lastUrl = new EscapedUrl("", new byte[0]);

	NegotiateResponseConverter() {
		super(MediaType.APPLICATION_JSON);
	}

	@Override
	protected boolean supports(Class<?> clazz) {
		return clazz == NegotiateResponse.class;
	}

	@Override
	protected boolean canRead(@Nullable MediaType mediaType) {
		return false;
	}

	@Override
	protected NegotiateResponse readInternal(Class<? extends NegotiateResponse> clazz, HttpInputMessage input) {
		throw new HttpMessageNotReadableException("Negotiate responses are only written", input);
	}

	@Override
	protected void writeInternal(NegotiateResponse response, HttpOutputMessage output) throws IOException {
		byte[] url = escaped(response.url());
		byte[] token = checked(response.accessToken());
		// One write: each write to the servlet stream passes four wrappers and a lock.
		byte[] json = new byte[URL.length + url.length + ACCESS_TOKEN.length + token.length + END.length];
		int at = put(URL, json, 0);
		at = put(url, json, at);
		at = put(ACCESS_TOKEN, json, at);
		at = put(token, json, at);
		put(END, json, at);
		output.getBody().write(json);
	}

	private static int put(byte[] part, byte[] json, int at) {
		System.arraycopy(part, 0, json, at, part.length);
		return at + part.length;
	}

	@Override
	protected Long getContentLength(NegotiateResponse response, @Nullable MediaType contentType) {
		return (long) (URL.length + escaped(response.url()).length + ACCESS_TOKEN.length
				+ response.accessToken().length() + END.length);
	}

	private byte[] escaped(String url) {
		EscapedUrl last = this.lastUrl;
		if (!last.url().equals(url)) {
			last = new EscapedUrl(url, JsonStringEncoder.getInstance().quoteAsUTF8(url));
			this.lastUrl = last;
		}
		return last.json();
	}

	private static byte[] checked(String token) {
		for (int i = 0; i < token.length(); i++) {
			char c = token.charAt(i);
			if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
					|| c == '.')) {
				throw new IllegalStateException("Access token is not a compact JWT");
			}
		}
		return token.getBytes(StandardCharsets.US_ASCII);
	}

	private record EscapedUrl(String url, byte[] json) {
	}

}
