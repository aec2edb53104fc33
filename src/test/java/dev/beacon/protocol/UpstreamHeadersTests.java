package dev.beacon.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class UpstreamHeadersTests {

	@Test
	void claimsAreTypeValuePairsOnePerValueWithoutTheRegisteredClaims() {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("aud", "https://foo.service.signalr.net/client/?hub=chat");
		claims.put("nameid", "alice");
		claims.put("exp", 1_800_000_000L);
		claims.put("role", List.of("admin", "ops"));
		claims.put("iat", 1_700_000_000L);
		claims.put("nbf", 1_700_000_000L);
		claims.put("iss", "beacon");
		claims.put("jti", "1");
		claims.put("level", 3);

		assertThat(UpstreamHeaders.claims(claims)).isEqualTo("nameid: alice, role: admin, role: ops, level: 3");
	}

	@Test
	void noClaimsLeftIsAnEmptyHeader() {
		assertThat(UpstreamHeaders.claims(Map.of("aud", "x", "exp", 1L))).isEmpty();
	}

	@Test
	void claimsReadBackAsWritten() {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("nameid", "alice@example.com");
		claims.put("role", List.of("admin", "ops"));
		claims.put("asrs.s.uid", "user-1");

		assertThat(UpstreamHeaders.parseClaims(UpstreamHeaders.claims(claims))).containsExactly(
				entry("nameid", List.of("alice@example.com")), entry("role", List.of("admin", "ops")),
				entry("asrs.s.uid", List.of("user-1")));
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "no pair here", ": no type" })
	void claimsWithoutAPairAreNone(String header) {
		assertThat(UpstreamHeaders.parseClaims(header)).isEmpty();
	}

	@Test
	void clientQueryIsDecodedWithRepeatsAndBareNamesKept() {
		assertThat(UpstreamHeaders.parseClientQuery("?hub=chat&tag=a%20b&tag=c+d&flag&name%3D=x%26y&&"))
			.containsExactly(entry("hub", List.of("chat")), entry("tag", List.of("a b", "c d")),
					entry("flag", List.of("")), entry("name=", List.of("x&y")));
	}

	@Test
	void clientQueryWithBadPercentEncodingKeepsThosePartsAsSent() {
		assertThat(UpstreamHeaders.parseClientQuery("x=%ZZ&%G1=ok&y=%&z=%41")).containsExactly(
				entry("x", List.of("%ZZ")), entry("%G1", List.of("ok")), entry("y", List.of("%")),
				entry("z", List.of("A")));
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "?", "&&" })
	void anEmptyClientQueryHasNoParameters(String header) {
		assertThat(UpstreamHeaders.parseClientQuery(header)).isEmpty();
	}

	@Test
	void claimValuesTheHeaderCannotCarryAreLeftOutRatherThanForged() {
		String header = UpstreamHeaders.claims(java.util.Map.of("unique_name", "Eve, role: admin", "role",
				java.util.List.of("reader", "x, role: admin")));

		assertThat(header).isEqualTo("role: reader");
		assertThat(UpstreamHeaders.parseClaims(header)).doesNotContainKey("unique_name")
			.containsEntry("role", java.util.List.of("reader"));
	}

	@Test
	void clientQueryWithInvalidUtf8KeepsThatPartAsSent() {
		assertThat(UpstreamHeaders.parseClientQuery("a=%E0%A4&b=%C3%A9"))
			.containsEntry("a", java.util.List.of("%E0%A4"))
			.containsEntry("b", java.util.List.of("\u00e9"));
	}

}
