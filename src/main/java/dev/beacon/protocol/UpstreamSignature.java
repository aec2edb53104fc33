package dev.beacon.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * {@code X-ASRS-Signature}: {@code sha256=} and the lower-case hex of HMAC-SHA256 over
 * the connection ID's UTF-8 bytes, keyed with an access key's UTF-8 bytes; one value per
 * key the service holds, comma-separated.
 */
public final class UpstreamSignature {

	private UpstreamSignature() {
	}

	/**
	 * The signature value the service sends for one key.
	 * @param key the access key's bytes
	 * @param connectionId the connection ID
	 * @return {@code sha256=<hex>}
	 */
	public static String of(byte[] key, String connectionId) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return "sha256=" + HexFormat.of().formatHex(mac.doFinal(connectionId.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/**
	 * The most values a header may hold: the service sends one per key it holds (two).
	 */
	public static final int MAX_VALUES = 16;

	/**
	 * Whether any value of a header matches any key; hex in either case. Each key's
	 * signature is computed once, and a header of more than {@link #MAX_VALUES} values is
	 * refused before any is computed, so a forged header costs no more than a real one.
	 * Every comparison is constant-time and all are made, so timing tells nothing.
	 * @param header the header, or null
	 * @param connectionId the connection ID the request is for
	 * @param keys the accepted keys' bytes
	 * @return whether the request was signed with one of the keys
	 */
	public static boolean matches(@Nullable String header, String connectionId, List<byte[]> keys) {
		if (header == null || header.isBlank()) {
			return false;
		}
		String[] values = header.split(",", MAX_VALUES + 1);
		if (values.length > MAX_VALUES) {
			return false;
		}
		List<byte[]> expected = keys.stream()
			.map((key) -> of(key, connectionId).getBytes(StandardCharsets.US_ASCII))
			.toList();
		boolean valid = false;
		for (String value : values) {
			byte[] candidate = value.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
			for (byte[] signature : expected) {
				valid |= MessageDigest.isEqual(signature, candidate);
			}
		}
		return valid;
	}

}
