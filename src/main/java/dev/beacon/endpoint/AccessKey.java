package dev.beacon.endpoint;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared secret of a SignalR Service resource. The service signs and verifies with
 * the UTF-8 bytes of the key exactly as written (it is not base64-decoded). Never
 * printed.
 *
 * @param value the key as written in the connection string
 */
public record AccessKey(String value) {

	/** HS256 needs a key of at least 256 bits. */
	public static final int MIN_BYTES = 32;

	public AccessKey {
		if (value == null || value.getBytes(StandardCharsets.UTF_8).length < MIN_BYTES) {
			throw new IllegalArgumentException("AccessKey must be at least " + MIN_BYTES + " bytes for HS256");
		}
	}

	public byte[] bytes() {
		return this.value.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Compares in constant time, so a caller cannot learn the key byte by byte.
	 * @param candidate the key to compare with
	 * @return whether both keys are the same
	 */
	public boolean matches(String candidate) {
		return candidate != null && MessageDigest.isEqual(bytes(), candidate.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The upstream signature of a connection: {@code sha256=} and the lower-case hex of
	 * HMAC-SHA256 over the connection ID's UTF-8 bytes, keyed with this key. SignalR
	 * Service sends one per access key in {@code X-ASRS-Signature}.
	 * @param connectionId the connection ID
	 * @return the signature value
	 */
	public String upstreamSignature(String connectionId) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(bytes(), "HmacSHA256"));
			byte[] digest = mac.doFinal(connectionId.getBytes(StandardCharsets.UTF_8));
			return "sha256=" + HexFormat.of().formatHex(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	@Override
	public String toString() {
		return "AccessKey[redacted]";
	}

}
