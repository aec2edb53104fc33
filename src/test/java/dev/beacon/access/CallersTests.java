package dev.beacon.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import dev.beacon.access.ApiAccessProperties.Auth;
import dev.beacon.access.ApiAccessProperties.Client;
import dev.beacon.support.EntraTenant;
import dev.beacon.support.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CallersTests {

	static final String KEY = "eyJ-looking-key.with.two-dots-0123456789";

	@RegisterExtension
	static final EntraTenant tenant = new EntraTenant();

	final Instant start = Instant.now();

	final MovableClock clock = new MovableClock(this.start);

	@Test
	void aVerifiedTokenIsKnownAgainByItsTextUntilItExpiresAndRefusedAfter() {
		Callers callers = callers();
		String token = tenant.token(tenant.claims()
			.claim("azp", "billing")
			.claim("roles", List.of("Status.Write"))
			.expirationTime(Date.from(this.start.plusSeconds(120)))
			.build());
		int fetched = tenant.keyFetches();

		for (int i = 0; i < 3; i++) {
			Caller caller = callers.resolve(bearer(token));
			assertThat(caller.name()).isEqualTo("billing");
			assertThat(caller.scopes()).containsExactly(Scope.STATUS_WRITE);
		}
		assertThat(tenant.keyFetches() - fetched).isEqualTo(1);

		this.clock.move(Duration.ofSeconds(181)); // past the minute of skew the check
													// allows
		assertThatExceptionOfType(UnauthorizedException.class).isThrownBy(() -> callers.resolve(bearer(token)))
			.withMessageContaining("expired");
	}

	@Test
	void aRememberedTokenIsCheckedAgainAfterFiveMinutes() {
		Callers callers = callers();
		String token = tenant.token(tenant.claims().claim("azp", null).claim("appid", "v1-app").build());
		assertThat(callers.resolve(bearer(token)).name()).isEqualTo("v1-app");

		this.clock.move(Callers.REMEMBERED.plusSeconds(1));

		assertThat(callers.resolve(bearer(token)).name()).isEqualTo("v1-app");
	}

	@Test
	void aTokenThatFailedIsNeverRememberedAndAKeyShapedLikeATokenIsStillAKeyInTheHeader() {
		Callers callers = callers();
		String forged = tenant.forgedToken();
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(UnauthorizedException.class).isThrownBy(() -> callers.resolve(bearer(forged)));
		}
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("X-API-Key", KEY);
		assertThat(callers.resolve(request).name()).isEqualTo("dotted");
		assertThat(callers.tryResolve(new MockHttpServletRequest())).isNull();
	}

	@Test
	void aTokenWhoseKeysCannotBeFetchedIsRefusedWithoutTheKeySetsAddressOrTheNetworksError() {
		Callers callers = callers(java.net.URI.create("http://127.0.0.1:9/private-tenant-keys"));

		assertThatExceptionOfType(UnauthorizedException.class).isThrownBy(() -> callers.resolve(bearer(tenant.token())))
			.withMessage("The bearer token is not valid (it could not be checked: its issuer's signing keys are "
					+ "unavailable)");
	}

	private Callers callers() {
		return callers(java.net.URI.create(tenant.jwkSetUri()));
	}

	private Callers callers(java.net.URI keys) {
		ApiAccessProperties properties = new ApiAccessProperties(List.of(),
				List.of(new Client("dotted", KEY, List.of("Inbox.Read"))),
				new Auth(EntraTenant.AUDIENCE, null, List.of(EntraTenant.ISSUER), keys));
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("clock", (Clock) this.clock);
		return new Callers(new ApiKeys(properties), properties, beans.getBeanProvider(Clock.class));
	}

	private static MockHttpServletRequest bearer(String token) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", "Bearer " + token);
		return request;
	}

}
