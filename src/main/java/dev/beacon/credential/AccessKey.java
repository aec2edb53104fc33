package dev.beacon.credential;

import java.nio.charset.StandardCharsets;

import dev.beacon.protocol.UpstreamSignature;
import org.jspecify.annotations.Nullable;

/**
 * The shared secret of a SignalR Service resource. The service signs and verifies with
 * the UTF-8 bytes of the key exactly as written (it is not base64-decoded). Never
 * printed.
 *
 * @param value the key as written in the connection string, or as the service's access
 * key API answered it
 * @param id the key's ID when the service issued it (Microsoft Entra ID): tokens signed
 * with it name it in their {@code kid} header; none for a connection string's key
 */
public record AccessKey(String value, @Nullable String id) {

	/** HS256 needs a key of at least 256 bits. */
	public static final int MIN_BYTES = 32;

	public AccessKey {
		if (value == null || value.getBytes(StandardCharsets.UTF_8).length < MIN_BYTES) {
			throw new IllegalArgumentException("AccessKey must be at least " + MIN_BYTES + " bytes for HS256");
		}
	}

	public AccessKey(String value) {
		this(value, null);
	}

	public byte[] bytes() {
		return this.value.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The {@code X-ASRS-Signature} value the service sends with this key.
	 * @param connectionId the connection ID
	 * @return the signature value
	 */
	public String upstreamSignature(String connectionId) {
		return UpstreamSignature.of(bytes(), connectionId);
	}

	@Override
	public String toString() {
		return "AccessKey[redacted]";
	}

}
