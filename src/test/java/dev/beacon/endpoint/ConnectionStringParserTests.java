package dev.beacon.endpoint;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.beacon.support.TestKeys.ACCESS_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ConnectionStringParserTests {

	static Stream<Arguments> validConnectionStrings() {
		return Stream.of(
				arguments("Endpoint=https://foo.service.signalr.net;AccessKey=" + ACCESS_KEY + ";Version=1.0;",
						"https://foo.service.signalr.net", "https://foo.service.signalr.net/client/?hub=chat",
						"https://foo.service.signalr.net", "https://foo.service.signalr.net"),
				arguments("endpoint=http://localhost;port=8888;accesskey=" + ACCESS_KEY + ";version=1.0",
						"http://localhost:8888", "http://localhost:8888/client/?hub=chat", "http://localhost:8888",
						"http://localhost"),
				arguments("  Endpoint = https://foo.service.signalr.net/ ; AccessKey = " + ACCESS_KEY + " ;; ",
						"https://foo.service.signalr.net", "https://foo.service.signalr.net/client/?hub=chat",
						"https://foo.service.signalr.net", "https://foo.service.signalr.net"),
				arguments("Endpoint=https://foo.service.signalr.net;AccessKey=" + ACCESS_KEY
						+ ";ClientEndpoint=https://gateway.example.com:8443;ServerEndpoint=http://internal:8080",
						"https://foo.service.signalr.net", "https://gateway.example.com:8443/client/?hub=chat",
						"http://internal:8080", "https://foo.service.signalr.net"),
				arguments(
						"ENDPOINT=HTTPS://Foo.Service.SignalR.net:443;ACCESSKEY=" + ACCESS_KEY + ";VERSION=1.0-preview",
						"https://Foo.Service.SignalR.net:443", "https://Foo.Service.SignalR.net:443/client/?hub=chat",
						"https://Foo.Service.SignalR.net:443", "https://Foo.Service.SignalR.net"),
				arguments("Endpoint=http://127.0.0.1:8080;AccessKey=" + ACCESS_KEY
						+ ";ClientEndpoint=https://gateway.example.com/signalr/;ServerEndpoint=http://127.0.0.1:8080/local",
						"http://127.0.0.1:8080", "https://gateway.example.com/signalr/client/?hub=chat",
						"http://127.0.0.1:8080/local", "http://127.0.0.1"),
				arguments("Endpoint=https://foo.service.signalr.net;AccessKey=" + ACCESS_KEY + "==;UnknownKey=ignored",
						"https://foo.service.signalr.net", "https://foo.service.signalr.net/client/?hub=chat",
						"https://foo.service.signalr.net", "https://foo.service.signalr.net"));
	}

	@ParameterizedTest
	@MethodSource("validConnectionStrings")
	void parseBuildsEndpoints(String connectionString, String endpoint, String clientUrl, String serverBase,
			String audienceBase) {
		ServiceEndpoint parsed = ConnectionStringParser.parse(connectionString);
		assertThat(parsed.endpoint()).hasToString(endpoint);
		assertThat(parsed.clientUrl("Chat")).isEqualTo(clientUrl);
		assertThat(parsed.serverBase()).isEqualTo(serverBase);
		assertThat(parsed.audienceBase()).isEqualTo(audienceBase);
	}

	@Test
	void parseKeepsEqualsSignsInsideValues() {
		ServiceEndpoint parsed = ConnectionStringParser
			.parse("Endpoint=https://foo.service.signalr.net;AccessKey=" + ACCESS_KEY + "==;");
		assertThat(parsed.credential().signingKey().value()).isEqualTo(ACCESS_KEY + "==");
	}

	static Stream<Arguments> invalidConnectionStrings() {
		return Stream.of(arguments("", "empty"), arguments("AccessKey=" + ACCESS_KEY, "missing required key Endpoint"),
				arguments("Endpoint=https://foo.service.signalr.net", "missing required key AccessKey"),
				arguments("Endpoint=https://foo.service.signalr.net;AccessKey=", "missing required key AccessKey"),
				arguments("Endpoint=https://a.net;endpoint=https://b.net;AccessKey=" + ACCESS_KEY,
						"duplicate key endpoint"),
				arguments(
						"Endpoint=https://foo.service.signalr.net;AccessKey=" + ACCESS_KEY + ";accesskey=" + ACCESS_KEY,
						"duplicate key accesskey"),
				arguments("Endpoint=ftp://foo.service.signalr.net;AccessKey=" + ACCESS_KEY,
						"Endpoint must be an absolute http"),
				arguments("Endpoint=foo.service.signalr.net;AccessKey=" + ACCESS_KEY,
						"Endpoint must be an absolute http"),
				arguments("Endpoint=https://foo.service.signalr.net/signalr;AccessKey=" + ACCESS_KEY, "no path"),
				arguments("Endpoint=https://foo.service.signalr.net;AccessKey=" + ACCESS_KEY + ";Version=2.0",
						"Version is not supported"),
				arguments("Endpoint=https://foo.service.signalr.net;AccessKey=" + ACCESS_KEY + ";Port=0",
						"Port must be"),
				arguments("Endpoint=https://foo.service.signalr.net;AccessKey=" + ACCESS_KEY + ";Port=65536",
						"Port must be"),
				arguments("Endpoint=https://foo.service.signalr.net;AccessKey=" + ACCESS_KEY + ";Port=http",
						"Port must be"),
				arguments("Endpoint=https://foo.service.signalr.net;AccessKey=short-key", "AccessKey is too short"),
				arguments("Endpoint=https://foo.service.signalr.net;" + ACCESS_KEY,
						"entry 2 is not of the form Key=Value"),
				arguments("Endpoint=https://foo.service.signalr.net;AuthType=aad;AccessKey=" + ACCESS_KEY,
						"AccessKey and AuthType=aad are both given"),
				arguments("Endpoint=https://foo.service.signalr.net;AuthType=Azure.MSI;AccessKey=" + ACCESS_KEY,
						"AccessKey and AuthType=azure.msi are both given"),
				arguments("Endpoint=https://foo.service.signalr.net;AuthType=azure;AccessKey=",
						"AccessKey and AuthType"),
				arguments("Endpoint=https://foo.service.signalr.net;AuthType=kerberos;AccessKey=" + ACCESS_KEY,
						"AuthType is not a known authentication type"),
				arguments("Endpoint=https://foo.service.signalr.net;AuthType=azure.app;TenantId=t;ClientSecret="
						+ ACCESS_KEY, "AuthType=azure.app needs ClientId"),
				arguments("Endpoint=https://foo.service.signalr.net;AuthType=azure.app;ClientId=c;ClientSecret="
						+ ACCESS_KEY, "AuthType=azure.app needs TenantId"),
				arguments("Endpoint=https://foo.service.signalr.net;AuthType=azure.app;ClientId=c;TenantId=t",
						"AuthType=azure.app needs ClientSecret or ClientCert"),
				arguments(
						"Endpoint=https://foo.service.signalr.net;AuthType=azure.app;ClientId=c;TenantId=t;"
								+ "ClientSecret=" + ACCESS_KEY + ";ClientCert=/tmp/short-key.pem",
						"ClientSecret and ClientCert are both given"),
				arguments("Endpoint=https://foo.service.signalr.net;AuthType=aad;ClientId=c;TenantId=t",
						"AuthType=aad needs ClientSecret or ClientCert"),
				arguments("Endpoint=https://foo.service.signalr.net;AuthType=azure.app;ClientId=c;TenantId=t;"
						+ "ClientCert=/nonexistent/short-key.pem", "ClientCert names no readable file"),
				arguments("AuthType=azure.msi", "missing required key Endpoint"),
				arguments(
						"Endpoint=https://foo.service.signalr.net;AccessKey=" + ACCESS_KEY + ";ClientEndpoint=gateway",
						"ClientEndpoint must be an absolute http"),
				arguments("Endpoint=https://foo.service.signalr.net;AccessKey=" + ACCESS_KEY
						+ ";ServerEndpoint=https://x/y?z=1", "ServerEndpoint must be scheme, host"),
				arguments("Endpoint=https://foo.service.signalr.net;AccessKey=" + ACCESS_KEY
						+ ";ClientEndpoint=https://x/a/../admin", "ClientEndpoint must be scheme, host"),
				arguments("Endpoint=https://foo.service.signalr.net;AccessKey=" + ACCESS_KEY
						+ ";ClientEndpoint=https://x/a%2Fb", "ClientEndpoint must be scheme, host"));
	}

	@ParameterizedTest
	@MethodSource("invalidConnectionStrings")
	void parseRejectsWithMessageNamingTheKeyButNotTheSecret(String connectionString, String expected) {
		assertThatExceptionOfType(InvalidConnectionStringException.class)
			.isThrownBy(() -> ConnectionStringParser.parse(connectionString))
			.withMessageContaining(expected)
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(ACCESS_KEY).doesNotContain("short-key"));
	}

	@Test
	void toStringNeverShowsTheAccessKey() {
		ServiceEndpoint parsed = ConnectionStringParser
			.parse("Endpoint=https://foo.service.signalr.net;AccessKey=" + ACCESS_KEY);
		assertThat(parsed.toString()).doesNotContain(ACCESS_KEY);
		assertThat(parsed.credential().toString()).doesNotContain(ACCESS_KEY);
	}

}
