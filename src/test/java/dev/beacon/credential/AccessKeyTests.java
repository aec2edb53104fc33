package dev.beacon.credential;

import dev.beacon.support.TestKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AccessKeyTests {

	static final AccessKey EMULATOR_KEY = new AccessKey(TestKeys.ACCESS_KEY);

	@Test
	void upstreamSignatureMatchesTheServiceFormula() {
		// Worked example from PROTOCOL.md section 4.2 (emulator key, connection "conn1").
		assertThat(EMULATOR_KEY.upstreamSignature("conn1"))
			.isEqualTo("sha256=8de7281e588e23b0a30a7180ffa240257b8176e983004c240c9f3f7a7233c993");
	}

	@Test
	void keysShorterThan32BytesAreRefusedWithoutEchoingThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AccessKey("too-short-secret"))
			.withMessageNotContaining("too-short-secret");
	}

}
