package dev.beacon.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.beacon.credential.EntraIdentity.Application;
import dev.beacon.credential.EntraIdentity.DefaultChain;
import dev.beacon.credential.EntraIdentity.ManagedIdentity;
import dev.beacon.credential.AccessKey;
import dev.beacon.credential.AccessKeyCredential;
import dev.beacon.credential.EntraCredential;
import dev.beacon.credential.EntraIdentity;
import dev.beacon.system.ServiceUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every {@code AuthType} form of the SDK's connection-string parser, read into the
 * identity Beacon signs in as. (Refused forms are in
 * {@link ConnectionStringParserTests}.)
 */
class EntraConnectionStringTests {

	static final String SECRET = "s3cr3t~Value.from-the-portal";

	static Stream<Arguments> entraConnectionStrings() {
		String endpoint = "Endpoint=https://foo.service.signalr.net;";
		return Stream.of(arguments(endpoint + "AuthType=azure;Version=1.0;", new DefaultChain(null)),
				arguments(endpoint + "AuthType=azure;ClientId=uami-1", new DefaultChain("uami-1")),
				arguments(endpoint + "AuthType=azure.msi;Version=1.0;", new ManagedIdentity(null)),
				arguments(endpoint + "authtype=AZURE.MSI;clientid=uami-2", new ManagedIdentity("uami-2")),
				arguments(endpoint + "AuthType=azure.msi;ClientId=", new ManagedIdentity(null)),
				arguments(endpoint + "AuthType=azure.app;ClientId=app;TenantId=tenant;ClientSecret=" + SECRET,
						new Application("tenant", "app", SECRET, null)),
				arguments(endpoint + "AuthType=azure.app;ClientId=app;TenantId=tenant;ClientCert=pom.xml",
						new Application("tenant", "app", null, "pom.xml")),
				arguments(endpoint + "AuthType=aad", new ManagedIdentity(null)),
				arguments(endpoint + "AuthType=aad;ClientId=uami-3", new ManagedIdentity("uami-3")),
				arguments(endpoint + "AuthType=aad;ClientId=app;TenantId=tenant;ClientSecret=" + SECRET,
						new Application("tenant", "app", SECRET, null)));
	}

	@ParameterizedTest
	@MethodSource("entraConnectionStrings")
	void authTypeSelectsTheIdentity(String connectionString, EntraIdentity expected) {
		List<EntraIdentity> identities = new ArrayList<>();
		ServiceEndpoint parsed = ConnectionStringParser.parse(connectionString, (identity) -> {
			identities.add(identity);
			return new AccessKeyCredential(new AccessKey(dev.beacon.support.TestKeys.ACCESS_KEY));
		});
		assertThat(identities).containsExactly(expected);
		assertThat(parsed.endpoint()).hasToString("https://foo.service.signalr.net");
	}

	@Test
	void entraConnectionStringNeedsNoAccessKeyAndBuildsMicrosoftsCredential() {
		ServiceEndpoint parsed = ConnectionStringParser
			.parse("Endpoint=https://foo.service.signalr.net;AuthType=azure.msi;ClientId=uami;Version=1.0;");
		assertThat(parsed.credential()).isInstanceOfSatisfying(EntraCredential.class,
				(entra) -> assertThat(entra.identity()).isEqualTo(new ManagedIdentity("uami")));
		assertThat(parsed.credential().upstreamKeys()).isEmpty();
	}

	@Test
	void entraCredentialWithoutAFetchedKeyRefusesToSignWithA503NamingWhy() {
		ServiceEndpoint parsed = ConnectionStringParser
			.parse("Endpoint=https://foo.service.signalr.net;AuthType=azure.msi");
		org.assertj.core.api.Assertions.assertThatExceptionOfType(ServiceUnavailableException.class)
			.isThrownBy(() -> parsed.credential().signingKey())
			.withMessageContaining("no key to sign client tokens with yet")
			.satisfies((ex) -> assertThat(ex.getHeaders().getFirst("Retry-After")).isEqualTo("5"));
	}

	@Test
	void applicationIdentityNeverPrintsItsSecret() {
		ServiceEndpoint parsed = ConnectionStringParser
			.parse("Endpoint=https://foo.service.signalr.net;AuthType=azure.app;ClientId=app;TenantId=t;ClientSecret="
					+ SECRET);
		EntraCredential entra = (EntraCredential) parsed.credential();
		assertThat(entra.identity().toString()).doesNotContain(SECRET).contains("app");
		assertThat(entra.identity().describe()).doesNotContain(SECRET);
		assertThat(entra.toString()).doesNotContain(SECRET);
		assertThat(entra.describe().toString()).doesNotContain(SECRET);
		assertThat(entra.describe(new IllegalStateException("AADSTS7000215: Invalid client secret " + SECRET)))
			.doesNotContain(SECRET)
			.contains("AADSTS7000215");
	}

}
