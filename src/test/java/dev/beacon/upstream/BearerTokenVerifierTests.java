package dev.beacon.upstream;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.beacon.support.EntraTenant;
import dev.beacon.support.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The managed-identity token check against a local tenant's published keys, over real
 * HTTP: only a token the tenant signed, for our audience, from its issuer, within its
 * lifetime, passes.
 */
class BearerTokenVerifierTests {

	@RegisterExtension
	static final EntraTenant tenant = new EntraTenant();

	private final BearerTokenVerifier verifier = verifier(URI.create(tenant.jwkSetUri()),
			List.of(EntraTenant.CALLER_CLIENT_ID), Clock.systemUTC());

	@Test
	void tokenSignedByTheTenantForTheAudienceIsAccepted() {
		assertThat(this.verifier.check(tenant.token())).isNull();
	}

	@Test
	void tenantsV2IssuerAndAnAudienceListAreAccepted() {
		String token = tenant.token(tenant.claims()
			.issuer("https://login.microsoftonline.com/" + EntraTenant.TENANT_ID + "/v2.0")
			.audience(List.of("other", EntraTenant.AUDIENCE))
			.build());

		assertThat(this.verifier.check(token)).isNull();
	}

	@Test
	void wrongAudienceIsRefused() {
		assertThat(this.verifier.check(tenant.token(tenant.claims().audience("api://someone-else").build())))
			.contains("aud");
	}

	@Test
	void anotherTenantsIssuerIsRefused() {
		assertThat(this.verifier.check(tenant
			.token(tenant.claims().issuer("https://sts.windows.net/00000000-0000-0000-0000-000000000000/").build())))
			.contains("iss");
	}

	@Test
	void expiredAndNotYetValidTokensAreRefused() {
		Instant now = Instant.now();
		String expired = expiredToken();
		String notYet = tenant.token(tenant.claims().notBeforeTime(Date.from(now.plusSeconds(600))).build());

		assertThat(this.verifier.check(expired)).contains("expired");
		assertThat(this.verifier.check(notYet)).contains("not valid").isNotNull();
	}

	@Test
	void tokenWithoutExpiryIsRefused() {
		assertThat(this.verifier.check(tenant.token(tenant.claims().expirationTime(null).build()))).isNotNull();
	}

	@Test
	void tokenSignedWithAnotherKeyUnderTheTenantsKeyIdIsRefused() {
		assertThat(this.verifier.check(tenant.forgedToken())).isNotNull();
	}

	@Test
	void unsignedTokenWithAlgNoneIsRefused() {
		String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
		String claims = base64(tenant.claims().build().toString());

		assertThat(this.verifier.check(header + "." + claims + ".")).isNotNull();
		assertThat(this.verifier.check(header + "." + claims)).isNotNull();
	}

	@Test
	void hmacTokenIsRefusedWhateverItsKey() throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), tenant.claims().build());
		jwt.sign(new MACSigner("0123456789abcdef0123456789abcdef0123456789abcdef"));

		assertThat(this.verifier.check(jwt.serialize())).isNotNull();
	}

	@Test
	void missingOrMalformedTokensAreRefusedWithoutEchoingThem() {
		assertThat(this.verifier.check(null)).contains("missing");
		assertThat(this.verifier.check("not-a-jwt")).isNotNull().doesNotContain("not-a-jwt");
		String token = tenant.token(tenant.claims().audience("api://someone-else").build());
		assertThat(this.verifier.check(token)).doesNotContain(token);
	}

	@Test
	void refusalsAreFixedSentencesByCause() {
		String expired = expiredToken();

		assertThat(this.verifier.check(expired)).isEqualTo("the bearer token is not valid (it has expired)");
		assertThat(this.verifier.check(tenant.token(tenant.claims().audience("api://someone-else").build())))
			.isEqualTo("the bearer token is not valid (it is for another audience (aud))");
		assertThat(this.verifier.check(tenant.forgedToken())).isEqualTo("the bearer token is not valid (it is "
				+ "malformed, or not signed (RS256) by one of its issuer's published keys)");
	}

	@Test
	void aKeySetThatCannotBeFetchedIsNamedNeitherByItsAddressNorByTheNetworksError() {
		BearerTokenVerifier unreachable = verifier(URI.create("http://127.0.0.1:9/private-tenant-keys"),
				List.of(EntraTenant.CALLER_CLIENT_ID), Clock.systemUTC());

		assertThat(unreachable.check(tenant.token())).isEqualTo(
				"the bearer token is not valid (it could not be checked: its issuer's signing keys are unavailable)")
			.doesNotContain("127.0.0.1", "private-tenant-keys", "refused");
	}

	@Test
	void onlyTheNamedIdentitiesMayCallByClientIdV1AppIdOrObjectId() {
		String other = tenant.token(tenant.claims().claim("azp", "another-app").claim("oid", "another-object").build());
		String v1 = tenant
			.token(tenant.claims().claim("azp", null).claim("appid", EntraTenant.CALLER_CLIENT_ID).build());
		BearerTokenVerifier byObjectId = verifier(URI.create(tenant.jwkSetUri()), List.of(EntraTenant.CALLER_OBJECT_ID),
				Clock.systemUTC());

		assertThat(this.verifier.check(other))
			.isEqualTo("the bearer token is not valid (its identity may not call the upstream)");
		assertThat(this.verifier.check(v1)).isNull();
		assertThat(byObjectId.check(tenant.token())).isNull();
		assertThat(byObjectId.check(other)).isNotNull();
	}

	@Test
	void publishedKeysAreFetchedOnceAndCached() {
		int before = tenant.keyFetches();
		for (int i = 0; i < 5; i++) {
			assertThat(this.verifier.check(tenant.token())).isNull();
		}
		assertThat(tenant.keyFetches() - before).isLessThanOrEqualTo(1);
	}

	@Test
	void unknownKeyIdsCostAtMostOneKeyFetchAMinuteAndAKeyPublishedSinceIsTakenAfterIt() {
		MovableClock clock = new MovableClock(Instant.now());
		BearerTokenVerifier verifier = verifier(URI.create(tenant.jwkSetUri()), List.of(EntraTenant.CALLER_CLIENT_ID),
				clock);
		assertThat(verifier.check(tenant.token())).isNull();
		int fetched = tenant.keyFetches();

		for (int i = 0; i < 50; i++) {
			assertThat(verifier.check(tenant.tokenUnderUnknownKeyId())).isNotNull();
		}
		assertThat(tenant.keyFetches() - fetched).isLessThanOrEqualTo(1);

		RSAKey rotated = tenant.publishNewKey();
		int beforeRotation = tenant.keyFetches();
		assertThat(verifier.check(tenant.token(rotated))).isNotNull();
		assertThat(tenant.keyFetches()).isEqualTo(beforeRotation);

		clock.move(Duration.ofMinutes(1));
		assertThat(verifier.check(tenant.token(rotated))).isNull();
		assertThat(verifier.check(tenant.token())).isNull();
		assertThat(tenant.keyFetches() - beforeRotation).isOne();
	}

	private static String base64(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static BearerTokenVerifier verifier(URI keys, List<String> callers, Clock clock) {
		return new BearerTokenVerifier(
				new UpstreamAuthProperties(EntraTenant.AUDIENCE, EntraTenant.TENANT_ID, null, keys, callers), clock);
	}

	/** A token of the tenant that expired two minutes ago. */
	private static String expiredToken() {
		Instant now = Instant.now();
		return tenant.token(tenant.claims()
			.issueTime(Date.from(now.minusSeconds(7200)))
			.notBeforeTime(Date.from(now.minusSeconds(7200)))
			.expirationTime(Date.from(now.minusSeconds(120)))
			.build());
	}

}
