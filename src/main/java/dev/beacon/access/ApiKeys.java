package dev.beacon.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.beacon.access.ApiAccessProperties.Client;
import dev.beacon.system.InvalidSettingException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The accepted API keys and whose each is, kept only as SHA-256 digests and compared in
 * constant time: every key is compared, whatever matched, and digests have one length, so
 * timing tells nothing. A key in settings is at least {@value #MIN_LENGTH} characters, or
 * the digest itself ({@code sha256:<hex>}) so a settings dump hands out nothing. Keys of
 * {@code beacon.api.keys} are full access; named clients have their scopes. With nothing
 * configured one key is generated per start and written to a file only this user can
 * read; the log names the file, never the key. Secure by default, easy locally.
 */
@Component
public class ApiKeys {

	/** The shortest key accepted in settings: 32 random characters resist guessing. */
	public static final int MIN_LENGTH = 32;

	/** The generated key's file name, in {@code java.io.tmpdir}. */
	static final String GENERATED_KEY_FILE = "beacon-api-key";

	private static final String HASHED = "sha256:";

	private static final Log logger = LogFactory.getLog(ApiKeys.class);

	private final List<Entry> entries;

	@Autowired
	ApiKeys(ApiAccessProperties properties) {
		this(properties, Path.of(System.getProperty("java.io.tmpdir"), GENERATED_KEY_FILE));
	}

	ApiKeys(ApiAccessProperties properties, Path generatedKeyFile) {
		List<Entry> entries = new ArrayList<>();
		for (int i = 0; i < properties.keys().size(); i++) {
			entries.add(new Entry(digestOf(properties.keys().get(i), "beacon.api.keys[" + i + "]"),
					new Caller("api-key-" + (i + 1), EnumSet.of(Scope.ADMIN), "key")));
		}
		Set<String> names = new HashSet<>();
		for (int i = 0; i < properties.clients().size(); i++) {
			entries.add(client(properties.clients().get(i), "beacon.api.clients[" + i + "]", names));
		}
		if (entries.isEmpty() && !properties.auth().enabled()) {
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
			logger.warn(save(generated, generatedKeyFile));
			entries.add(new Entry(digest(generated), new Caller("generated-key", EnumSet.of(Scope.ADMIN), "key")));
		}
		refuseRepeatedKeys(entries);
		this.entries = List.copyOf(entries);
	}

	// One key for two callers would make the caller depend on the order of settings
	private static void refuseRepeatedKeys(List<Entry> entries) {
		for (int i = 0; i < entries.size(); i++) {
			for (int j = i + 1; j < entries.size(); j++) {
				if (MessageDigest.isEqual(entries.get(i).digest(), entries.get(j).digest())) {
					throw new InvalidSettingException("beacon.api",
							"one key is given to both " + entries.get(i).caller().name() + " and "
									+ entries.get(j).caller().name() + ": give each caller a key of its own");
				}
			}
		}
	}

	private static Entry client(Client client, String setting, Set<String> names) {
		String name = client.name();
		if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9._-]{1,64}")) {
			throw new InvalidSettingException(setting + ".name",
					"each client needs a name of 1 to 64 letters, digits, '.', '_' or '-': logs and metrics name "
							+ "callers by it");
		}
		if (!names.add(name)) {
			throw new InvalidSettingException(setting + ".name", "two clients are named " + name);
		}
		if (client.key() == null || client.key().isBlank()) {
			throw new InvalidSettingException(setting + ".key", "client " + name + " has no key");
		}
		if (client.scopes().isEmpty()) {
			throw new InvalidSettingException(setting + ".scopes",
					"client " + name + " has no scope; give it one or more of " + Scope.names());
		}
		Set<Scope> scopes = EnumSet.noneOf(Scope.class);
		for (String scopeName : client.scopes()) {
			Scope scope = Scope.named(scopeName.strip());
			if (scope == null) {
				throw new InvalidSettingException(setting + ".scopes", "client " + name + " has no scope named '"
						+ scopeName.strip() + "'; scopes are " + Scope.names());
			}
			scopes.add(scope);
		}
		return new Entry(digestOf(client.key().strip(), setting + ".key"), new Caller(name, scopes, "key"));
	}

	// A key's digest, from the key or from "sha256:<hex>"; the message never echoes
	// either
	private static byte[] digestOf(String key, String setting) {
		if (key.regionMatches(true, 0, HASHED, 0, HASHED.length())) {
			String hex = key.substring(HASHED.length());
			if (!hex.matches("[0-9A-Fa-f]{64}")) {
				throw new InvalidSettingException(setting,
						"a hashed key is sha256: followed by the 64 hex digits of the key's SHA-256 "
								+ "(printf %s \"$KEY\" | sha256sum)");
			}
			return HexFormat.of().parseHex(hex);
		}
		if (key.length() < MIN_LENGTH) {
			throw new InvalidSettingException(setting, "an API key must have at least " + MIN_LENGTH
					+ " characters (this one has " + key.length() + "); generate one with: openssl rand -base64 32");
		}
		return digest(key);
	}

	/**
	 * Writes the generated key where only this user can read it.
	 * @return what to log: where the key is, or that it could not be kept
	 */
	private static String save(String key, Path file) {
		String advice = "Set beacon.api.keys (BEACON_API_KEYS) or beacon.api.clients before production.";
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

	/** Whether any key is configured (or generated), as opposed to tokens only. */
	public boolean any() {
		return !this.entries.isEmpty();
	}

	/**
	 * The caller a key belongs to.
	 * @param candidate the presented key
	 * @return its caller, or null when the key is not one of ours
	 */
	@Nullable Caller callerOf(@Nullable String candidate) {
		if (candidate == null || candidate.isEmpty()) {
			return null;
		}
		byte[] digest = digest(candidate);
		Caller matched = null;
		for (Entry entry : this.entries) {
			if (MessageDigest.isEqual(entry.digest(), digest)) {
				matched = entry.caller();
			}
		}
		return matched;
	}

	boolean matches(@Nullable String candidate) {
		return callerOf(candidate) != null;
	}

	private static byte[] digest(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private record Entry(byte[] digest, Caller caller) {
	}

}
