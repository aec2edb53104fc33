package dev.beacon.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The accepted API keys, kept only as SHA-256 digests and compared in constant time:
 * every key is compared, whatever matched, and digests have one length, so timing tells
 * nothing. With no key configured one is generated per start and written to a file only
 * this user can read; the log names the file, never the key (keys stay out of logs, where
 * log shipping would spread them). Secure by default, easy locally.
 */
@Component
public class ApiKeys {

	/** The generated key's file name, in {@code java.io.tmpdir}. */
	static final String GENERATED_KEY_FILE = "beacon-api-key";

	private static final Log logger = LogFactory.getLog(ApiKeys.class);

	private final List<byte[]> digests;

	@Autowired
	ApiKeys(ApiKeyProperties properties) {
		this(properties, Path.of(System.getProperty("java.io.tmpdir"), GENERATED_KEY_FILE));
	}

	ApiKeys(ApiKeyProperties properties, Path generatedKeyFile) {
		List<String> keys = properties.keys();
		if (keys.isEmpty()) {
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
			logger.warn(save(generated, generatedKeyFile));
			keys = List.of(generated);
		}
		this.digests = keys.stream().map(ApiKeys::digest).toList();
	}

	/**
	 * Writes the generated key where only this user can read it.
	 * @return what to log: where the key is, or that it could not be kept
	 */
	private static String save(String key, Path file) {
		String advice = "Set beacon.api.keys (BEACON_API_KEYS) before production.";
		try {
			Files.deleteIfExists(file);
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(file, key + System.lineSeparator());
			return "No API key configured: generated one for this run, readable only by this user in " + file + ". "
					+ advice;
		}
		catch (IOException | UnsupportedOperationException ex) {
			return "No API key configured and the generated one could not be saved to " + file + " ("
					+ ex.getClass().getSimpleName() + "): publishing is refused until keys are configured. " + advice;
		}
	}

	/**
	 * The key a request presents: {@code X-API-Key}, else {@code Authorization: Bearer}.
	 * @param request the request
	 * @return the key, or null when none is presented
	 */
	static @Nullable String presented(HttpServletRequest request) {
		String header = request.getHeader(ApiKeyInterceptor.HEADER);
		if (header != null && !header.isBlank()) {
			return header.strip();
		}
		return BearerTokens.from(request);
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
