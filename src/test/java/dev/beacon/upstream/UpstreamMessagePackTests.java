package dev.beacon.upstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import dev.beacon.credential.AccessKey;
import dev.beacon.support.BeaconHttp;
import dev.beacon.support.UpstreamRequests;
import org.junit.jupiter.api.BeforeEach;
import dev.beacon.support.MessagePackBodies.Body;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.beacon.support.MessagePackBodies.pack;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invocations from MessagePack clients, as the service forwards them: one MessagePack
 * array without a length prefix, {@code application/x-msgpack}, built here by the msgpack
 * library. They reach the same hub methods as JSON ones, and the Completion comes back
 * framed in MessagePack for the service to write to the client; a body that is not a
 * well-formed Invocation is a 400 problem, never a 500.
 */
@UpstreamReceiverTest
class UpstreamMessagePackTests {

	@LocalServerPort
	int port;

	BeaconHttp http;

	@BeforeEach
	void setUp() {
		this.http = new BeaconHttp(this.port);
	}

	@Test
	void aBlockingInvocationGetsAMessagePackCompletionWithTheResult() throws IOException {
		HttpResponse<byte[]> response = invoke("notifications", invocation("7", "ADD", (packer) -> {
			packer.packArrayHeader(2).packInt(2).packInt(40);
		}));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-msgpack");
		List<Value> completion = framed(response.body());
		assertThat(completion).hasSize(5);
		assertThat(completion.get(0).asIntegerValue().asInt()).isEqualTo(3);
		assertThat(completion.get(2).asStringValue().asString()).isEqualTo("7");
		assertThat(completion.get(3).asIntegerValue().asInt()).isEqualTo(3);
		assertThat(completion.get(4).asIntegerValue().asInt()).isEqualTo(42);
	}

	@Test
	void argumentsAreBoundByJacksonAndTheCallerIsKnown() throws IOException {
		HttpResponse<byte[]> response = invoke("chat",
				invocation("8", "whoAmI", (packer) -> packer.packArrayHeader(0)));

		assertThat(framed(response.body()).get(4).asStringValue().asString())
			.isEqualTo("chat/conn-1/alice/[admin]/[v2]");
	}

	@Test
	void bindingErrorsAndUnknownMethodsBecomeMessagePackErrorCompletions() throws IOException {
		List<Value> binding = framed(invoke("notifications", invocation("9", "add", (packer) -> {
			packer.packArrayHeader(2).packString("x").packMapHeader(0);
		})).body());
		List<Value> unknown = framed(
				invoke("notifications", invocation("10", "nope", (packer) -> packer.packArrayHeader(0))).body());

		assertThat(binding.get(3).asIntegerValue().asInt()).isEqualTo(1);
		assertThat(binding.get(4).asStringValue().asString()).contains("Error binding arguments");
		assertThat(unknown.get(3).asIntegerValue().asInt()).isEqualTo(1);
		assertThat(unknown.get(4).asStringValue().asString()).contains("Method does not exist.");
	}

	@Test
	void aNonBlockingInvocationAnswersEmpty() throws IOException {
		HttpResponse<byte[]> response = invoke("notifications", invocation(null, "add", (packer) -> {
			packer.packArrayHeader(2).packInt(1).packInt(2);
		}));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void malformedBodiesAreBadRequestProblemsNamingTheFault() throws IOException {
		byte[] valid = invocation("1", "add", (packer) -> packer.packArrayHeader(2).packInt(1).packInt(2));

		assertProblem(Arrays.copyOf(valid, valid.length - 1), "announces 2 elements or bytes but only 1 bytes follow");
		assertProblem(new byte[0], "The body is not a MessagePack hub message");
		assertProblem(pack((packer) -> packer.packArrayHeader(5)
			.packInt(1)
			.packMapHeader(0)
			.packString("1")
			.packInt(42)
			.packArrayHeader(0)), "the target must be a string, not integer");
		assertProblem(pack((packer) -> packer.packArrayHeader(5)
			.packInt(1)
			.packMapHeader(0)
			.packString("1")
			.packString("add")
			.packMapHeader(0)), "the arguments must be an array");
		assertProblem(invocation("1", "add", (packer) -> packer.packArrayHeader(Integer.MAX_VALUE)),
				"announces 2147483647");
		assertProblem(invocation("1", "add", (packer) -> packer.packArrayHeader(1).packArrayHeader(Integer.MAX_VALUE)),
				"announces 2147483647");
		assertProblem(pack((packer) -> packer.packArrayHeader(1).packInt(6)),
				"The body must be a hub protocol Invocation");
		assertProblem("{\"type\":1}".getBytes(), "The body is not a MessagePack hub message");
	}

	/**
	 * Seeded hostile MessagePack bodies: valid invocations with bytes flipped, cut short,
	 * bytes inserted, one element replaced by any MessagePack value (nesting, huge
	 * integers, binary, extension types, lengths that lie, strings that are not UTF-8),
	 * and bodies of random values. Each is answered at once with a Completion (200) or a
	 * 400 problem, never a 5xx; and a valid invocation still works after all of them.
	 */
	@Test
	void seededHostileBodiesAreAnsweredWithACompletionOrA400Problem() throws IOException {
		Random random = new Random(20261206);
		List<String> failures = new ArrayList<>();
		int completions = 0;
		int problems = 0;
		for (int i = 0; i < 800; i++) {
			byte[] body = hostile(random);
			HttpResponse<byte[]> response = invoke(random.nextBoolean() ? "notifications" : "chat", body);
			int status = response.statusCode();
			String contentType = response.headers().firstValue("Content-Type").orElse("");
			if (status == 200 && (response.body().length == 0 || contentType.equals("application/x-msgpack"))) {
				completions++;
			}
			else if (status == 400 && contentType.equals("application/problem+json")) {
				problems++;
			}
			else {
				failures.add("case " + i + " " + HexFormat.of().formatHex(body, 0, Math.min(body.length, 64)) + " -> "
						+ status + " " + contentType);
			}
		}
		assertThat(failures).as("of 800 cases").isEmpty();
		assertThat(completions).as("completions").isPositive();
		assertThat(problems).as("problems").isPositive();
		assertThat(framed(invoke("notifications", invocation("11", "ADD", (packer) -> {
			packer.packArrayHeader(2).packInt(40).packInt(2);
		})).body()).get(4).asIntegerValue().asInt()).isEqualTo(42);
	}

	private static byte[] hostile(Random random) throws IOException {
		String target = List.of("add", "ADD", "whoAmI", "nope", "").get(random.nextInt(5));
		byte[] valid = invocation(random.nextBoolean() ? String.valueOf(random.nextInt(100)) : null, target,
				(packer) -> {
					int count = random.nextInt(4);
					packer.packArrayHeader(count);
					for (int i = 0; i < count; i++) {
						anyValue(packer, random, 2);
					}
				});
		return switch (random.nextInt(6)) {
			case 0 -> {
				byte[] flipped = valid.clone();
				for (int i = 0; i <= random.nextInt(3); i++) {
					flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
				}
				yield flipped;
			}
			case 1 -> Arrays.copyOf(valid, random.nextInt(valid.length));
			case 2 -> {
				int at = random.nextInt(valid.length + 1);
				byte[] inserted = new byte[valid.length + 1];
				System.arraycopy(valid, 0, inserted, 0, at);
				inserted[at] = (byte) random.nextInt(256);
				System.arraycopy(valid, at, inserted, at + 1, valid.length - at);
				yield inserted;
			}
			case 3 -> pack((packer) -> {
				int replaced = random.nextInt(5);
				packer.packArrayHeader(5);
				List<Body> elements = List.of((p) -> p.packInt(1), (p) -> p.packMapHeader(0), (p) -> p.packString("1"),
						(p) -> p.packString(target), (p) -> p.packArrayHeader(0));
				for (int i = 0; i < 5; i++) {
					if (i == replaced) {
						anyValue(packer, random, 3);
					}
					else {
						elements.get(i).write(packer);
					}
				}
			});
			case 4 -> pack((packer) -> anyValue(packer, random, 4));
			default -> {
				byte[] lying = Arrays.copyOf(valid, valid.length + 5);
				int at = valid.length;
				lying[at] = (byte) List.of(0xdd, 0xdf, 0xdb, 0xc6, 0xc9).get(random.nextInt(5)).intValue();
				lying[at + 1] = (byte) 0x7f;
				lying[at + 2] = (byte) 0xff;
				lying[at + 3] = (byte) 0xff;
				lying[at + 4] = (byte) 0xff;
				yield random.nextBoolean() ? lying : Arrays.copyOfRange(lying, valid.length, lying.length);
			}
		};
	}

	private static void anyValue(MessageBufferPacker packer, Random random, int depth) throws IOException {
		switch (random.nextInt((depth > 0) ? 12 : 10)) {
			case 0 -> packer.packNil();
			case 1 -> packer.packBoolean(random.nextBoolean());
			case 2 -> packer.packLong(random.nextLong());
			case 3 -> packer.packBigInteger(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
			case 4 ->
				packer.packDouble(List.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e308).get(random.nextInt(4)));
			case 5 -> packer.packString("x".repeat(random.nextInt(300)) + "\u20ac\ud83d\ude80");
			case 6 -> {
				byte[] notUtf8 = { (byte) 0xc3, (byte) 0x28, (byte) 0xff, (byte) 0xfe };
				packer.packRawStringHeader(notUtf8.length);
				packer.writePayload(notUtf8);
			}
			case 7 -> {
				byte[] bytes = new byte[random.nextInt(64)];
				random.nextBytes(bytes);
				packer.packBinaryHeader(bytes.length);
				packer.writePayload(bytes);
			}
			case 8 -> {
				packer.packExtensionTypeHeader((byte) (random.nextInt(256) - 128), 4);
				packer.writePayload(new byte[] { 1, 2, 3, 4 });
			}
			case 9 -> packer.packFloat(random.nextFloat());
			case 10 -> {
				int size = random.nextInt(4);
				packer.packArrayHeader(size);
				for (int i = 0; i < size; i++) {
					anyValue(packer, random, depth - 1);
				}
			}
			default -> {
				int size = random.nextInt(3);
				packer.packMapHeader(size);
				for (int i = 0; i < size; i++) {
					anyValue(packer, random, depth - 1);
					anyValue(packer, random, depth - 1);
				}
			}
		}
	}

	private void assertProblem(byte[] body, String detail) {
		HttpResponse<String> response = this.http.send(request("notifications", body));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = JsonMapper.shared().readTree(response.body());
		assertThat(problem.path("detail").asString()).contains(detail);
	}

	private HttpResponse<byte[]> invoke(String hub, byte[] body) {
		return this.http.sendBytes(request(hub, body));
	}

	private HttpRequest.Builder request(String hub, byte[] body) {
		return UpstreamRequests
			.headers(this.http.request(UpstreamRequests.PATH), UpstreamControllerTests.PRIMARY, hub, "messages", "add",
					"conn-1", "alice")
			.header("X-ASRS-User-Claims", "nameid: alice, role: admin")
			.header("X-ASRS-Client-Query", "?hub=notifications&client=v2")
			.header("Content-Type", "application/x-msgpack")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
	}

	private static byte[] invocation(String invocationId, String target, Body arguments) throws IOException {
		return pack((packer) -> {
			packer.packArrayHeader(5).packInt(1).packMapHeader(0);
			if (invocationId != null) {
				packer.packString(invocationId);
			}
			else {
				packer.packNil();
			}
			packer.packString(target);
			arguments.write(packer);
		});
	}

	/** Reads a length-prefixed message, checking the prefix covers exactly the rest. */
	private static List<Value> framed(byte[] body) throws IOException {
		ByteArrayOutputStream message = new ByteArrayOutputStream();
		int length = 0;
		int position = 0;
		int shift = 0;
		byte next;
		do {
			next = body[position++];
			length |= (next & 0x7f) << shift;
			shift += 7;
		}
		while ((next & 0x80) != 0);
		message.write(body, position, body.length - position);
		assertThat(message.size()).isEqualTo(length);
		try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(message.toByteArray())) {
			return unpacker.unpackValue().asArrayValue().list();
		}
	}

}
