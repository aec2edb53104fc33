package dev.beacon.restclient;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dot-segment check reads a path in place and answers as decoding each segment would.
 */
class RestPathsTests {

	@ParameterizedTest(name = "\"{0}\" -> {1}")
	@CsvSource(delimiter = '|', emptyValue = "", textBlock = """
			/api/hubs/chat/users/a.b/:send | false
			/api/hubs/chat/users/./:send   | true
			/api/hubs/chat/users/../:send  | true
			/api/hubs/chat/users/%2E       | true
			/api/hubs/chat/users/%2e%2E/x  | true
			/api/hubs/chat/users/.%2e/x    | true
			/api/hubs/chat/users/.../x     | false
			/api/hubs/chat/users/%2E%2E%2E | false
			/api/hubs/chat/users/%2/x      | false
			/api/hubs/chat/users/%2F/x     | false
			/api/hubs/chat/users/%2E.a     | false
			/api/hubs//chat/               | false
			.                              | true
			''                             | false
			""")
	void aSegmentOfOneOrTwoDotsEscapedOrNotIsADotSegment(String path, boolean dot) {
		assertThat(RestPaths.hasDotSegment(path)).isEqualTo(dot);
	}

	@Test
	void answersAsDecodingEachSegmentWould() {
		SplittableRandom random = new SplittableRandom(20261207);
		String[] pieces = { ".", "%2E", "%2e", "%2", "E", "/", "a", "%" };
		int dotted = 0;
		for (int i = 0; i < 50_000; i++) {
			StringBuilder path = new StringBuilder();
			for (int n = random.nextInt(1, 9); n > 0; n--) {
				path.append(pieces[random.nextInt(pieces.length)]);
			}
			boolean expected = decodedHasDotSegment(path.toString());
			dotted += expected ? 1 : 0;
			assertThat(RestPaths.hasDotSegment(path.toString())).as(path.toString()).isEqualTo(expected);
		}
		assertThat(dotted).isBetween(5_000, 45_000);
	}

	/** The definition: split into segments, decode the escaped dots, compare. */
	private static boolean decodedHasDotSegment(String path) {
		for (String segment : path.split("/", -1)) {
			String decoded = segment.replace("%2E", ".").replace("%2e", ".");
			if (decoded.equals(".") || decoded.equals("..")) {
				return true;
			}
		}
		return false;
	}

}
