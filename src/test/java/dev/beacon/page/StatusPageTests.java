package dev.beacon.page;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.beacon.support.BeaconTest;
import dev.beacon.support.NodeScript;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@BeaconTest
class StatusPageTests {

	static final Path VENDORED = Path.of("src/main/resources/static/vendor/signalr/signalr.min.js");

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void vendoredClientIsByteIdenticalToThePinnedNpmPackage() throws Exception {
		Path fromNpm = NodeScript.DIRECTORY.resolve("node_modules/@microsoft/signalr/dist/browser/signalr.min.js");
		String pinned = Files.readString(NodeScript.DIRECTORY.resolve("package.json"));
		String installed = Files
			.readString(NodeScript.DIRECTORY.resolve("node_modules/@microsoft/signalr/package.json"));

		assertThat(pinned).contains("\"@microsoft/signalr\": \"10.0.11\"");
		assertThat(installed).contains("\"version\": \"10.0.11\"");
		assertThat(Files.readAllBytes(VENDORED)).isEqualTo(Files.readAllBytes(fromNpm));
		assertThat(Files.readString(Path.of("src/main/resources/static/index.html")))
			.contains("@microsoft/signalr 10.0.11");
	}

	@Test
	void rootServesThePageWithSecurityHeaders() throws Exception {
		HttpResponse<String> page = get("/");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<script src=\"vendor/signalr/signalr.min.js\" defer></script>")
			.contains("<html lang=\"en\">");
		assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(csp) -> assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'"));
		assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
	}

	@Test
	void pageServesTheVendoredClientItself() throws Exception {
		HttpResponse<byte[]> script = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/vendor/signalr/signalr.min.js"))
				.build(), HttpResponse.BodyHandlers.ofByteArray());

		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.body()).isEqualTo(Files.readAllBytes(VENDORED));
	}

	@Test
	void clientConfigSaysWhetherBroadcastIsEnabled() throws Exception {
		HttpResponse<String> config = get("/api/client-config");

		assertThat(config.statusCode()).isEqualTo(200);
		assertThat(config.body())
			.isEqualTo("{\"hub\":\"notifications\",\"broadcastEnabled\":false,\"presenceCount\":true,\"inbox\":false}");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
