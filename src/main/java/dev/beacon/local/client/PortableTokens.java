package dev.beacon.local.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.beacon.credential.AccessKey;
import org.jspecify.annotations.Nullable;

/**
 * Connection tokens any replica of a cluster accepts: {@code connectionId.expiry.mac},
 * the MAC an HMAC-SHA256 with the shared access key over the connection id, its hub and
 * the expiry (epoch seconds). A client that negotiated on one replica can open its
 * WebSocket on another: that replica checks the MAC and the expiry, and takes the user
 * and claims from the access token the transport request carries, as the negotiating
 * replica did. The token stays as secret as a random one: without the key, none can be
 * made.
 */
final class PortableTokens {

	private final AccessKey key;

	PortableTokens(AccessKey key) {
		this.key = key;
	}

	String issue(String connectionId, String hub, long expiresAtSecond) {
		return connectionId + "." + expiresAtSecond + "." + mac(connectionId, hub, expiresAtSecond);
	}

	/**
	 * The connection a token names, if the token is this cluster's, for this hub, and not
	 * expired.
	 * @return the connection id, or null
	 */
	@Nullable String verify(String token, String hub, long nowSecond) {
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3 || parts[0].isEmpty()) {
			return null;
		}
		long expiry;
		try {
			expiry = Long.parseLong(parts[1]);
		}
		catch (NumberFormatException ex) {
			return null;
		}
		// Only as issued: the ledger takes a token once by its text, so "+E", "0E" or
		// other digits for the same expiry would open the connection a second time
		if (!Long.toString(expiry).equals(parts[1])) {
			return null;
		}
		byte[] expected = mac(parts[0], hub, expiry).getBytes(StandardCharsets.US_ASCII);
		boolean valid = MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII));
		return (valid && nowSecond <= expiry) ? parts[0] : null;
	}

	private String mac(String connectionId, String hub, long expiry) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key.bytes(), "HmacSHA256"));
			byte[] digest = mac
				.doFinal(("connection\n" + connectionId + "\n" + hub + "\n" + expiry).getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
