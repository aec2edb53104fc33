package dev.beacon.access;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import dev.beacon.BeaconApplication;
import dev.beacon.access.ApiAccessProperties.Auth;
import dev.beacon.access.ApiAccessProperties.Client;
import dev.beacon.system.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ApiKeysTests {

	static final String KEY = "status-poster-0123456789abcdefghijklmnop";

	static final Auth NO_TOKENS = new Auth(null, null, List.of(), null);

	@TempDir
	Path directory;

	@Test
	void aClientsKeyIsItsCallerWithItsScopesAndAFullAccessKeyIsAnAdministrator() {
		ApiKeys keys = keys(List.of("admin-key-0123456789abcdefghijklmnopqr"),
				new Client("status-poster", KEY, List.of("Status.Write", " Presence.Read ")));

		Caller poster = keys.callerOf(KEY);
		assertThat(poster).isNotNull();
		assertThat(poster.name()).isEqualTo("status-poster");
		assertThat(poster.scopes()).containsExactlyInAnyOrder(Scope.STATUS_WRITE, Scope.PRESENCE_READ);
		assertThat(poster.may(Scope.MESSAGES_WRITE)).isFalse();
		Caller admin = keys.callerOf("admin-key-0123456789abcdefghijklmnopqr");
		assertThat(admin.name()).isEqualTo("api-key-1");
		assertThat(admin.may(Scope.COMMANDS_WRITE)).isTrue();
		assertThat(keys.callerOf(KEY + "x")).isNull();
		assertThat(keys.callerOf("")).isNull();
	}

	@Test
	void aKeyMayBeConfiguredAsItsSha256AndIsAcceptedAsTheKey() throws Exception {
		String other = KEY + "-other";

		ApiKeys keys = keys(List.of("SHA256:" + sha256(other).toUpperCase()),
				new Client("hashed", "sha256:" + sha256(KEY), List.of("Inbox.Read")));

		assertThat(keys.callerOf(KEY).name()).isEqualTo("hashed");
		assertThat(keys.callerOf(other).name()).isEqualTo("api-key-1");
		assertThat(keys.callerOf("sha256:" + sha256(KEY))).isNull();
	}

	private static String sha256(String key) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void aShortKeyIsRefusedNamingTheSettingWithoutEchoingIt() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> keys(List.of(), new Client("poster", "short-but-secret", List.of("Status.Write"))))
			.satisfies((ex) -> {
				assertThat(ex.setting()).isEqualTo("beacon.api.clients[0].key");
				assertThat(ex.getMessage()).contains("at least 32 characters").doesNotContain("short-but-secret");
			});
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> keys(List.of("0123456789abcdef0123456789abcdef", "tiny-secret")))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("beacon.api.keys[1]"))
			.withMessageNotContaining("tiny-secret");
	}

	@Test
	void badClientsAreRefusedNamingTheSetting() {
		assertThat(refusal(new Client("poster", KEY, List.of("Status.Writer")))).satisfies((ex) -> {
			assertThat(ex.setting()).isEqualTo("beacon.api.clients[0].scopes");
			assertThat(ex.getMessage()).contains("'Status.Writer'").contains("Status.Write, Messages.Write");
		});
		assertThat(refusal(new Client("poster", KEY, List.of())))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("beacon.api.clients[0].scopes"));
		assertThat(refusal(new Client(null, KEY, List.of("Status.Write"))).setting())
			.isEqualTo("beacon.api.clients[0].name");
		assertThat(refusal(new Client("bad name\n", KEY, List.of("Status.Write"))).setting())
			.isEqualTo("beacon.api.clients[0].name");
		assertThat(refusal(new Client("poster", null, List.of("Status.Write"))).setting())
			.isEqualTo("beacon.api.clients[0].key");
		assertThat(refusal(new Client("poster", "sha256:abc", List.of("Status.Write"))).getMessage())
			.contains("64 hex digits");
		assertThat(refusal(new Client("a", KEY, List.of("Status.Write")),
				new Client("a", KEY + "2", List.of("Inbox.Read")))
			.getMessage()).contains("two clients are named a");
		assertThat(refusal(new Client("a", KEY, List.of("Status.Write")), new Client("b", KEY, List.of("Inbox.Read")))
			.getMessage()).contains("both a and b").doesNotContain(KEY);
	}

	@Test
	void withOnlyClientsOrOnlyTokensNoKeyIsGenerated() {
		Path file = this.directory.resolve(ApiKeys.GENERATED_KEY_FILE);
		new ApiKeys(
				new ApiAccessProperties(List.of(), List.of(new Client("a", KEY, List.of("Status.Write"))), NO_TOKENS),
				file);
		new ApiKeys(new ApiAccessProperties(List.of(), List.of(), new Auth("api://beacon", "contoso", List.of(), null)),
				file);

		assertThat(file).doesNotExist();
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void beaconWithAShortKeyStopsAtStartupNamingTheSettingAndNotTheKey(CapturedOutput output) {
		Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(BeaconApplication.class)
			.run("--server.port=0", "--beacon.status.broadcast-interval=0", "--beacon.api.clients[0].name=poster",
					"--beacon.api.clients[0].key=Sh0rtSecretKey", "--beacon.api.clients[0].scopes=Status.Write")
			.close());

		assertThat(failure).rootCause().isInstanceOf(InvalidSettingException.class);
		assertThat(output).contains("Invalid setting beacon.api.clients[0].key").doesNotContain("Sh0rtSecretKey");
	}

	private InvalidSettingException refusal(Client... clients) {
		return catchThrowableOfType(InvalidSettingException.class,
				() -> new ApiKeys(new ApiAccessProperties(List.of(), List.of(clients), NO_TOKENS),
						this.directory.resolve(ApiKeys.GENERATED_KEY_FILE)));
	}

	private ApiKeys keys(List<String> keys, Client... clients) {
		return new ApiKeys(new ApiAccessProperties(keys, List.of(clients), NO_TOKENS),
				this.directory.resolve(ApiKeys.GENERATED_KEY_FILE));
	}

}
