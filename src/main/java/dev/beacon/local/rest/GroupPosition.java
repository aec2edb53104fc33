package dev.beacon.local.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * Where a listing of a group's connections goes on: how many were listed so far (for
 * {@code top}) and the last connection id listed. Opaque to callers: base64url of
 * {@code listed\nlastId}.
 *
 * @param listed connections listed so far
 * @param last the last connection id listed, null before the first page
 */
record GroupPosition(int listed, @Nullable String last) {

	static GroupPosition of(@Nullable String token) {
		if (token == null || token.isEmpty()) {
			return new GroupPosition(0, null);
		}
		try {
			String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
			int newline = text.indexOf('\n');
			return new GroupPosition(Integer.parseInt(text.substring(0, newline)), text.substring(newline + 1));
		}
		catch (RuntimeException ex) {
			throw new InvalidMessageException("continuationToken is not one this service gave");
		}
	}

	boolean after(String connectionId) {
		return this.last == null || connectionId.compareTo(this.last) > 0;
	}

	String next(int more, String lastId) {
		String text = (this.listed + more) + "\n" + lastId;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

}
