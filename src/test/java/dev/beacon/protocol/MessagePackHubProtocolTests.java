package dev.beacon.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.beacon.support.MessagePackBodies.Body;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.beacon.support.MessagePackBodies.pack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The MessagePack hub protocol against messages built and read by the msgpack library
 * itself: framing, every message Beacon writes, and every way a client's message can be
 * wrong.
 */
class MessagePackHubProtocolTests {

	private final MessagePackHubProtocol protocol = new HubProtocols(JsonMapper.shared()).messagePack();

	@Test
	void aRestSendBecomesAnInvocationWithoutIdWhoseArgumentsKeepTheirTypes() throws IOException {
		JsonNode arguments = JsonMapper.shared()
			.readTree("[1, -2.5, \"text\", true, null, {\"nested\":[9007199254740993, {}]}, 18446744073709551615]");

		List<Value> message = unframed(this.protocol.invocation("statusUpdate", arguments));

		assertThat(message).hasSize(5);
		assertThat(message.get(0).asIntegerValue().asInt()).isEqualTo(1);
		assertThat(message.get(1).asMapValue().size()).isZero();
		assertThat(message.get(2).isNilValue()).isTrue();
		assertThat(message.get(3).asStringValue().asString()).isEqualTo("statusUpdate");
		List<Value> values = message.get(4).asArrayValue().list();
		assertThat(values.get(0).isIntegerValue()).isTrue();
		assertThat(values.get(1).asFloatValue().toDouble()).isEqualTo(-2.5);
		assertThat(values.get(2).asStringValue().asString()).isEqualTo("text");
		assertThat(values.get(3).asBooleanValue().getBoolean()).isTrue();
		assertThat(values.get(4).isNilValue()).isTrue();
		assertThat(values.get(5)
			.asMapValue()
			.map()
			.values()
			.iterator()
			.next()
			.asArrayValue()
			.get(0)
			.asIntegerValue()
			.asLong()).isEqualTo(9007199254740993L);
		assertThat(values.get(6).asIntegerValue().asBigInteger()).isEqualTo(new BigInteger("18446744073709551615"));
	}

	@Test
	void completionsCarryTheirResultKind() throws IOException {
		List<Value> result = unframed(this.protocol.completion("7", Map.of("sum", 42)));
		List<Value> nullResult = unframed(this.protocol.completion("8", null));
		List<Value> voidResult = unframed(this.protocol.completion("9"));
		List<Value> error = unframed(this.protocol.completionError("10", "boom"));

		assertThat(result).hasSize(5);
		assertThat(result.get(2).asStringValue().asString()).isEqualTo("7");
		assertThat(result.get(3).asIntegerValue().asInt()).isEqualTo(3);
		assertThat(result.get(4).asMapValue().map()).hasSize(1);
		assertThat(nullResult.get(3).asIntegerValue().asInt()).isEqualTo(3);
		assertThat(nullResult.get(4).isNilValue()).isTrue();
		assertThat(voidResult).hasSize(4);
		assertThat(voidResult.get(3).asIntegerValue().asInt()).isEqualTo(2);
		assertThat(error.get(3).asIntegerValue().asInt()).isEqualTo(1);
		assertThat(error.get(4).asStringValue().asString()).isEqualTo("boom");
	}

	@Test
	void pingIsAlwaysTheSameThreeBytesAndCloseReadsBackAsWritten() {
		assertThat(this.protocol.ping().bytes()).containsExactly(2, 0x91, 6);
		assertThat(this.protocol.parse(withoutPrefix(this.protocol.close("bye", true))))
			.isEqualTo(new HubMessage.Close("bye", true));
		assertThat(this.protocol.parse(withoutPrefix(this.protocol.close(null, false))))
			.isEqualTo(new HubMessage.Close(null, false));
	}

	@Test
	void aMessageLongerThan127BytesHasATwoBytePrefixAndIsWholeOnlyWhenAllBytesArrived() {
		byte[] framed = this.protocol.invocation("t", JsonMapper.shared().valueToTree(List.of("x".repeat(300))))
			.bytes();
		assertThat(framed[0] & 0x80).isNotZero();
		assertThat(framed[1] & 0x80).isZero();

		BinaryMessageBuffer buffer = new BinaryMessageBuffer();
		for (int i = 0; i < framed.length - 1; i++) {
			buffer.write(new byte[] { framed[i] });
			assertThat(MessagePackHubProtocol.split(buffer)).isEmpty();
		}
		buffer.write(new byte[] { framed[framed.length - 1] });
		buffer.write(this.protocol.ping().bytes());
		buffer.write(new byte[] { 5 });

		List<byte[]> messages = MessagePackHubProtocol.split(buffer);

		assertThat(messages).hasSize(2);
		assertThat(messages.get(0)).isEqualTo(Arrays.copyOfRange(framed, 2, framed.length));
		assertThat(this.protocol.parse(messages.get(1))).isEqualTo(new HubMessage.Ping());
		assertThat(buffer.toByteArray()).containsExactly(5);
	}

	@Test
	void aMebibyteMessageArrivingOneByteAtATimeIsSplitWithoutCopyingWhatIsPendingForEach() {
		byte[] message = new byte[JsonHubProtocol.MAX_MESSAGE_SIZE];
		Arrays.fill(message, (byte) 7);
		byte[] framed = BinaryMessageFormat.framed(message);
		BinaryMessageBuffer buffer = new BinaryMessageBuffer();

		// Copying the pending bytes on every fragment took minutes of CPU for one
		// message; keeping them in place takes milliseconds
		List<byte[]> messages = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
			List<byte[]> split = new ArrayList<>();
			for (byte next : framed) {
				buffer.write(new byte[] { next });
				split.addAll(MessagePackHubProtocol.split(buffer));
			}
			return split;
		});

		assertThat(messages).hasSize(1);
		assertThat(messages.getFirst()).isEqualTo(message);
		assertThat(buffer.size()).isZero();
	}

	@Test
	void messagesOfManySizesInFragmentsOfManySizesComeOutWholeAndInOrder() {
		Random random = new Random(20260601);
		List<byte[]> sent = new ArrayList<>();
		ByteArrayOutputStream stream = new ByteArrayOutputStream();
		for (int i = 0; i < 300; i++) {
			byte[] message = new byte[random.nextInt((i % 10 == 0) ? 70_000 : 300)];
			random.nextBytes(message);
			sent.add(message);
			stream.writeBytes(BinaryMessageFormat.framed(message));
		}
		byte[] bytes = stream.toByteArray();
		BinaryMessageBuffer buffer = new BinaryMessageBuffer();
		List<byte[]> received = new ArrayList<>();

		for (int position = 0; position < bytes.length;) {
			int fragment = Math.min(bytes.length - position, 1 + random.nextInt(5000));
			buffer.write(Arrays.copyOfRange(bytes, position, position + fragment));
			received.addAll(MessagePackHubProtocol.split(buffer));
			position += fragment;
		}

		assertThat(received).hasSameSizeAs(sent);
		for (int i = 0; i < sent.size(); i++) {
			assertThat(received.get(i)).as("message %d", i).isEqualTo(sent.get(i));
		}
		assertThat(buffer.size()).isZero();
	}

	@Test
	void aPrefixAnnouncingMoreThanOneMebibyteOrLongerThanFiveBytesIsRefused() {
		BinaryMessageBuffer tooBig = new BinaryMessageBuffer();
		tooBig.write(new byte[] { (byte) 0x81, (byte) 0x80, 0x40 });
		BinaryMessageBuffer tooLong = new BinaryMessageBuffer();
		tooLong.write(new byte[] { (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1 });

		assertThatIllegalArgumentException().isThrownBy(() -> MessagePackHubProtocol.split(tooBig))
			.withMessageContaining("maximum size");
		assertThatIllegalArgumentException().isThrownBy(() -> MessagePackHubProtocol.split(tooLong))
			.withMessageContaining("2GB");
	}

	@Test
	void anInvocationFromAClientKeepsItsIdTargetArgumentsAndBytes() throws IOException {
		byte[] message = pack((packer) -> packer.packArrayHeader(6)
			.packInt(1)
			.packMapHeader(1)
			.packString("h")
			.packString("v")
			.packString("42")
			.packString("add")
			.packArrayHeader(3)
			.packInt(2)
			.packBinaryHeader(2)
			.writePayload(new byte[] { 1, 2 })
			.packTimestamp(Instant.parse("2026-12-01T10:00:00Z"))
			.packArrayHeader(0));

		HubMessage.Invocation invocation = (HubMessage.Invocation) this.protocol.parse(message);

		assertThat(invocation.invocationId()).isEqualTo("42");
		assertThat(invocation.target()).isEqualTo("add");
		assertThat(invocation.arguments().get(0).asInt()).isEqualTo(2);
		assertThat(invocation.arguments().get(1).binaryValue()).containsExactly(1, 2);
		assertThat(invocation.arguments().get(2).asString()).isEqualTo("2026-12-01T10:00:00Z");
		assertThat(invocation.message()).isInstanceOfSatisfying(HubPayload.Binary.class,
				(binary) -> assertThat(binary.bytes()).isEqualTo(message));
	}

	@Test
	void anInvocationWithANilIdExpectsNoCompletionAndOtherTypesAreReportedAsSuch() throws IOException {
		byte[] send = pack((packer) -> packer.packArrayHeader(5)
			.packInt(1)
			.packMapHeader(0)
			.packNil()
			.packString("hello")
			.packArrayHeader(0));
		byte[] cancel = pack((packer) -> packer.packArrayHeader(3).packInt(5).packMapHeader(0).packString("1"));
		byte[] ack = pack((packer) -> packer.packArrayHeader(2).packInt(8).packLong(1));

		assertThat(((HubMessage.Invocation) this.protocol.parse(send)).invocationId()).isNull();
		assertThat(this.protocol.parse(cancel)).isEqualTo(new HubMessage.CancelInvocation("1"));
		assertThat(this.protocol.parse(ack)).isEqualTo(new HubMessage.Other(8));
	}

	@Test
	void completionsOfEveryKindAndStreamRequestsAreRead() throws IOException {
		byte[] value = pack((packer) -> packer.packArrayHeader(5)
			.packInt(3)
			.packMapHeader(0)
			.packString("s1")
			.packInt(3)
			.packMapHeader(1)
			.packString("answer")
			.packInt(42));
		byte[] none = pack(
				(packer) -> packer.packArrayHeader(4).packInt(3).packMapHeader(0).packString("s2").packInt(2));
		byte[] error = pack((packer) -> packer.packArrayHeader(5)
			.packInt(3)
			.packMapHeader(0)
			.packString("s3")
			.packInt(1)
			.packString("Client did not provide a result."));
		byte[] stream = pack((packer) -> packer.packArrayHeader(6)
			.packInt(4)
			.packMapHeader(0)
			.packString("7")
			.packString("counter")
			.packArrayHeader(1)
			.packInt(10)
			.packArrayHeader(0));

		HubMessage.Completion answered = (HubMessage.Completion) this.protocol.parse(value);
		assertThat(answered.invocationId()).isEqualTo("s1");
		assertThat(answered.result().path("answer").asInt()).isEqualTo(42);
		assertThat(answered.error()).isNull();
		assertThat(((HubMessage.Completion) this.protocol.parse(none)).result().isNull()).isTrue();
		assertThat(((HubMessage.Completion) this.protocol.parse(error)).error())
			.isEqualTo("Client did not provide a result.");
		HubMessage.StreamInvocation asked = (HubMessage.StreamInvocation) this.protocol.parse(stream);
		assertThat(asked.invocationId()).isEqualTo("7");
		assertThat(asked.target()).isEqualTo("counter");
		assertThat(asked.arguments().get(0).asInt()).isEqualTo(10);
	}

	@Test
	void anInvocationWithAnIdAndAStreamItemAreWrittenAsTheSpecSays() throws IOException {
		List<Value> invocation = unframed(
				this.protocol.invocation("s1", "confirm", JsonMapper.shared().readTree("[\"x\"]")));
		List<Value> item = unframed(this.protocol.streamItem("7", JsonMapper.shared().readTree("{\"n\":1}")));

		assertThat(invocation).hasSize(6);
		assertThat(invocation.get(0).asIntegerValue().asInt()).isEqualTo(1);
		assertThat(invocation.get(2).asStringValue().asString()).isEqualTo("s1");
		assertThat(invocation.get(3).asStringValue().asString()).isEqualTo("confirm");
		assertThat(invocation.get(4).asArrayValue().get(0).asStringValue().asString()).isEqualTo("x");
		assertThat(invocation.get(5).asArrayValue().size()).isZero();
		assertThat(item).hasSize(4);
		assertThat(item.get(0).asIntegerValue().asInt()).isEqualTo(2);
		assertThat(item.get(2).asStringValue().asString()).isEqualTo("7");
		assertThat(item.get(3).asMapValue().map().values().iterator().next().asIntegerValue().asInt()).isEqualTo(1);
	}

	@Test
	void malformedMessagesAreRefusedNamingWhatIsWrong() throws IOException {
		byte[] whole = pack((packer) -> packer.packArrayHeader(5)
			.packInt(1)
			.packMapHeader(0)
			.packString("1")
			.packString("add")
			.packArrayHeader(1)
			.packInt(2));

		assertRefused(Arrays.copyOf(whole, whole.length - 1), "an array announces 1 elements or bytes but only 0");
		assertRefused(Arrays.copyOf(whole, whole.length - 4), "string announces 3 elements or bytes but only 1");
		assertRefused(new byte[] { (byte) 0x91, (byte) 0xcd }, "malformed MessagePack");
		assertRefused(new byte[0], "malformed MessagePack");
		assertRefused(pack((packer) -> packer.packMapHeader(0)), "a hub message must be a MessagePack array");
		assertRefused(pack((packer) -> packer.packArrayHeader(0)), "non-empty");
		assertRefused(pack((packer) -> packer.packArrayHeader(1).packString("1")),
				"the message type must be an integer");
		assertRefused(pack((packer) -> packer.packArrayHeader(3).packInt(1).packMapHeader(0).packNil()),
				"an Invocation has 5 or 6 elements, not 3");
		assertRefused(pack((packer) -> packer.packArrayHeader(5)
			.packInt(1)
			.packMapHeader(0)
			.packNil()
			.packInt(7)
			.packArrayHeader(0)), "the target must be a string, not integer");
		assertRefused(pack((packer) -> packer.packArrayHeader(5)
			.packInt(1)
			.packMapHeader(0)
			.packNil()
			.packString("add")
			.packString("not an array")), "the arguments must be an array");
		assertRefused(pack((packer) -> packer.packArrayHeader(5)
			.packInt(1)
			.packMapHeader(0)
			.packNil()
			.packString("add")
			.packArrayHeader(1)
			.packExtensionTypeHeader((byte) 4, 1)
			.writePayload(new byte[] { 0 })), "extension type 4 is not supported");
		byte[] trailing = Arrays.copyOf(whole, whole.length + 1);
		assertRefused(trailing, "bytes follow the end of the message");
	}

	@Test
	void hugeAnnouncedSizesAreRefusedBeforeAnythingIsAllocated() throws IOException {
		assertRefused(invocationWith((packer) -> packer.packArrayHeader(Integer.MAX_VALUE)), "announces 2147483647");
		assertRefused(invocationWith((packer) -> packer.packArrayHeader(1).packMapHeader(Integer.MAX_VALUE)),
				"announces 2147483647");
		assertRefused(invocationWith((packer) -> packer.packArrayHeader(1).packRawStringHeader(Integer.MAX_VALUE)),
				"announces 2147483647");
		assertRefused(invocationWith((packer) -> packer.packArrayHeader(1).packBinaryHeader(1 << 30)),
				"announces 1073741824");
	}

	@Test
	void valuesNestedDeeperThanJsonAllowsAreRefused() throws IOException {
		assertRefused(invocationWith((packer) -> {
			for (int i = 0; i < 600; i++) {
				packer.packArrayHeader(1);
			}
			packer.packNil();
		}), "nest deeper than 500");
	}

	private void assertRefused(byte[] message, String reason) {
		assertThatIllegalArgumentException().isThrownBy(() -> this.protocol.parse(message))
			.withMessageContaining(reason);
	}

	private static byte[] invocationWith(Body arguments) throws IOException {
		return pack((packer) -> {
			packer.packArrayHeader(5).packInt(1).packMapHeader(0).packNil().packString("add");
			arguments.write(packer);
		});
	}

	private static byte[] withoutPrefix(HubPayload framed) {
		BinaryMessageBuffer buffer = new BinaryMessageBuffer();
		buffer.write(framed.bytes());
		List<byte[]> messages = MessagePackHubProtocol.split(buffer);
		assertThat(messages).hasSize(1);
		assertThat(buffer.size()).isZero();
		return messages.getFirst();
	}

	private static List<Value> unframed(HubPayload framed) throws IOException {
		assertThat(framed).isInstanceOf(HubPayload.Binary.class);
		try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(withoutPrefix(framed))) {
			List<Value> message = unpacker.unpackValue().asArrayValue().list();
			assertThat(unpacker.hasNext()).isFalse();
			return message;
		}
	}

}
