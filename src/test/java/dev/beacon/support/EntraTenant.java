package dev.beacon.support;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * A stand-in Microsoft Entra tenant: an RSA signing key published as a JWKS over real
 * HTTP (WireMock on a free port), and tokens signed with it the way Entra signs the
 * managed-identity tokens SignalR Service sends upstream (RS256, {@code kid}, v1 issuer).
 * Register it as a JUnit extension ({@code @RegisterExtension static final}).
 */
public final class EntraTenant implements BeforeAllCallback, AfterAllCallback {

	public static final String TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";

	public static final String ISSUER = "https://sts.windows.net/" + TENANT_ID + "/";

	public static final String AUDIENCE = "api://beacon-upstream";

	/** The client ID of the identity the tenant's tokens are for: the resource's, say. */
	public static final String CALLER_CLIENT_ID = "5a3c8a3e-1d3b-4a51-9d6e-0c6f2b7e9a10";

	/** The object ID of that identity. */
	public static final String CALLER_OBJECT_ID = "0b2f7e44-63c1-4f0e-8a8d-1f4d6c2b3e55";

	private final RSAKey signingKey = generate();

	/** The public keys the tenant publishes: its signing key, and any published since. */
	private final List<JWK> published = new CopyOnWriteArrayList<>(List.of(this.signingKey.toPublicJWK()));

	private WireMockServer server;

	@Override
	public void beforeAll(ExtensionContext context) {
		start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.server.stop();
	}

	public synchronized EntraTenant start() {
		if (this.server == null) {
			this.server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
			this.server.start();
			publish();
		}
		return this;
	}

	private void publish() {
		this.server.stubFor(get(urlPathEqualTo("/discovery/v2.0/keys")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(new JWKSet(this.published).toString())));
	}

	/**
	 * Publishes another signing key beside the others, as Entra does when it rotates.
	 * @return the new key, to sign with ({@link #token(RSAKey)})
	 */
	public synchronized RSAKey publishNewKey() {
		RSAKey key = generate();
		this.published.add(key.toPublicJWK());
		publish();
		return key;
	}

	public String jwkSetUri() {
		return "http://localhost:" + this.server.port() + "/discovery/v2.0/keys";
	}

	/** How many times the keys were fetched. */
	public int keyFetches() {
		return this.server.countRequestsMatching(getRequestedFor(urlPathEqualTo("/discovery/v2.0/keys")).build())
			.getCount();
	}

	/**
	 * A token as the service sends it: this tenant's issuer, the audience, valid for an
	 * hour.
	 */
	public String token() {
		return token(claims().build());
	}

	/**
	 * Claims of a valid token, to change one of them.
	 * @return the builder
	 */
	public JWTClaimsSet.Builder claims() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(ISSUER)
			.audience(AUDIENCE)
			.subject(UUID.randomUUID().toString())
			.claim("tid", TENANT_ID)
			.claim("azp", CALLER_CLIENT_ID)
			.claim("oid", CALLER_OBJECT_ID)
			.issueTime(Date.from(now.minusSeconds(60)))
			.notBeforeTime(Date.from(now.minusSeconds(60)))
			.expirationTime(Date.from(now.plusSeconds(3600)));
	}

	public String token(JWTClaimsSet claims) {
		return sign(this.signingKey, claims);
	}

	/**
	 * A valid token signed with a key of this tenant's.
	 * @param key the key, say one from {@link #publishNewKey()}
	 * @return the token
	 */
	public String token(RSAKey key) {
		return sign(key, claims().build());
	}

	/**
	 * Signed with the tenant's key but naming a key ID it never published, a new one each
	 * time: what a caller sends to make a verifier fetch the keys again.
	 * @return the token
	 */
	public String tokenUnderUnknownKeyId() {
		return sign(new RSAKey.Builder(this.signingKey).keyID(UUID.randomUUID().toString()).build(), claims().build());
	}

	/**
	 * Signed with another key under this tenant's key ID: a forgery.
	 * @return the token
	 */
	public String forgedToken() {
		RSAKey other = generate(this.signingKey.getKeyID());
		return sign(other, claims().build());
	}

	private static String sign(RSAKey key, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey generate() {
		return generate(UUID.randomUUID().toString());
	}

	private static RSAKey generate(String keyId) {
		try {
			return new RSAKeyGenerator(2048).keyID(keyId).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
