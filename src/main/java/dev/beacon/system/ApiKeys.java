package dev.beacon.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The accepted API keys, kept only as SHA-256 digests and compared in constant time:
 * every key is compared, whatever matched, and digests have one length, so timing tells
 * nothing. With no key configured one is generated and logged once at WARN, as Spring
 * Security does with its generated password: secure by default, easy locally.
 */
@Component
public class ApiKeys {

	private static final Log logger = LogFactory.getLog(ApiKeys.class);

	private final List<byte[]> digests;

	ApiKeys(ApiKeyProperties properties) {
		List<String> keys = properties.keys();
		if (keys.isEmpty()) {
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
			logger.warn(String.format("%n%nUsing generated API key: %s%n%nThis key is for development use only. "
					+ "Set beacon.api.keys (BEACON_API_KEYS) before production.%n", generated));
			keys = List.of(generated);
		}
		this.digests = keys.stream().map(ApiKeys::digest).toList();
	}

	boolean matches(@Nullable String candidate) {
		if (candidate == null || candidate.isEmpty()) {
			return false;
		}
		byte[] digest = digest(candidate);
		boolean matched = false;
		for (byte[] key : this.digests) {
			matched |= MessageDigest.isEqual(key, digest);
		}
		return matched;
	}

	private static byte[] digest(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
