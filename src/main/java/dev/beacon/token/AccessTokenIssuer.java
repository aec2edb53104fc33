package dev.beacon.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import dev.beacon.credential.AccessKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Mints JWTs the way SignalR Service expects them: HS256 keyed with the UTF-8 bytes of
 * the AccessKey, a single-string {@code aud}, and {@code iat}, {@code nbf}, {@code exp}
 * in seconds. A {@code kid} header only for keys the service issued (Microsoft Entra ID),
 * which it needs to find the key; for a connection string's key it ignores one.
 * <p>
 * Written directly rather than with a JWT builder: minting is on the negotiate hot path
 * and a builder spent most of its time on generic plumbing (profiled: 18% of negotiate
 * CPU). The header is constant, the payload is one Jackson write, and the HMAC comes from
 * a cloned per-key prototype instead of a provider look-up per token. Tokens are verified
 * with jjwt in tests and by the local service.
 */
@Component
public class AccessTokenIssuer {

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private static final byte[] HEADER = encodedHeader(null);

	private static final int MAX_KEYS = 64;

	private final Clock clock;

	private final Map<AccessKey, Signer> signers = new ConcurrentHashMap<>();

	public AccessTokenIssuer(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Mints a token.
	 * @param key the signing key
	 * @param audience the {@code aud} claim
	 * @param lifetime time from now to {@code exp}
	 * @param claims further claims such as {@code nameid}
	 * @return the compact JWT
	 */
	public String issue(AccessKey key, String audience, Duration lifetime, Map<String, ?> claims) {
		long now = this.clock.instant().getEpochSecond();
		Map<String, Object> payload = new LinkedHashMap<>(claims);
		payload.put("aud", audience);
		payload.put("iat", now);
		payload.put("nbf", now);
		payload.put("exp", now + lifetime.toSeconds());
		byte[] body = BASE64URL.encode(JsonMapper.shared().writeValueAsBytes(payload));
		Signer signer = signer(key);
		byte[] header = signer.header();
		byte[] signingInput = new byte[header.length + 1 + body.length];
		System.arraycopy(header, 0, signingInput, 0, header.length);
		signingInput[header.length] = '.';
		System.arraycopy(body, 0, signingInput, header.length + 1, body.length);
		byte[] signature = BASE64URL.encode(signer.mac().doFinal(signingInput));
		return new String(signingInput, StandardCharsets.US_ASCII) + "."
				+ new String(signature, StandardCharsets.US_ASCII);
	}

	public Instant now() {
		return this.clock.instant();
	}

	/** Keys the service issues rotate hourly: old ones are dropped, not kept forever. */
	private Signer signer(AccessKey key) {
		Signer signer = this.signers.get(key);
		if (signer == null) {
			if (this.signers.size() >= MAX_KEYS) {
				this.signers.clear();
			}
			signer = this.signers.computeIfAbsent(key, Signer::of);
		}
		return signer;
	}

	private static byte[] encodedHeader(@Nullable String keyId) {
		Map<String, String> header = new LinkedHashMap<>();
		header.put("alg", "HS256");
		header.put("typ", "JWT");
		if (keyId != null) {
			header.put("kid", keyId);
		}
		return BASE64URL.encode(JsonMapper.shared().writeValueAsBytes(header));
	}

	private static Mac newMac(AccessKey key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(secretKey(key));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	public static SecretKey secretKey(AccessKey key) {
		return new SecretKeySpec(key.bytes(), "HmacSHA256");
	}

	/** A key's encoded header and a MAC prototype, cloned per token. */
	private record Signer(AccessKey key, byte[] header, Mac prototype) {

		static Signer of(AccessKey key) {
			return new Signer(key, (key.id() != null) ? encodedHeader(key.id()) : HEADER, newMac(key));
		}

		Mac mac() {
			try {
				return (Mac) this.prototype.clone();
			}
			catch (CloneNotSupportedException ex) {
				return newMac(this.key);
			}
		}

	}

}
