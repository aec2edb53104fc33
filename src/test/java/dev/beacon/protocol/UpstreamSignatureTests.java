package dev.beacon.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.beacon.support.TestKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamSignatureTests {

	static final byte[] KEY = TestKeys.ACCESS_KEY.getBytes(StandardCharsets.UTF_8);

	static final byte[] OTHER = TestKeys.OTHER_ACCESS_KEY.getBytes(StandardCharsets.UTF_8);

	static final String EXPECTED = "sha256=8de7281e588e23b0a30a7180ffa240257b8176e983004c240c9f3f7a7233c993";

	@Test
	void signatureMatchesTheServiceFormula() {
		// Worked example from PROTOCOL.md section 4.2 (emulator key, connection "conn1").
		assertThat(UpstreamSignature.of(KEY, "conn1")).isEqualTo(EXPECTED);
	}

	@Test
	void anyValueOfTheHeaderMayMatchAnyKeyInEitherCase() {
		assertThat(UpstreamSignature.matches(EXPECTED, "conn1", List.of(KEY))).isTrue();
		assertThat(UpstreamSignature.matches("sha256=00, " + EXPECTED.toUpperCase().replace("SHA256", "sha256"),
				"conn1", List.of(OTHER, KEY)))
			.isTrue();
	}

	@Test
	void otherConnectionsKeysAndGarbageDoNotMatch() {
		assertThat(UpstreamSignature.matches(EXPECTED, "conn2", List.of(KEY))).isFalse();
		assertThat(UpstreamSignature.matches(EXPECTED, "conn1", List.of(OTHER))).isFalse();
		assertThat(UpstreamSignature.matches(EXPECTED, "conn1", List.of())).isFalse();
		assertThat(UpstreamSignature.matches(null, "conn1", List.of(KEY))).isFalse();
		assertThat(UpstreamSignature.matches(" ", "conn1", List.of(KEY))).isFalse();
		assertThat(UpstreamSignature.matches("sha256=", "conn1", List.of(KEY))).isFalse();
	}

	@Test
	void aHeaderOfMoreValuesThanTheServiceCouldSendIsRefusedEvenWithTheRightOneAmongThem() {
		String sixteen = "sha256=00,".repeat(UpstreamSignature.MAX_VALUES - 1) + EXPECTED;
		String seventeen = "sha256=00," + sixteen;

		assertThat(UpstreamSignature.matches(sixteen, "conn1", List.of(KEY))).isTrue();
		assertThat(UpstreamSignature.matches(seventeen, "conn1", List.of(KEY))).isFalse();
		assertThat(UpstreamSignature.matches(",".repeat(10_000), "conn1", List.of(KEY))).isFalse();
	}

}
