package dev.beacon.protocol;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class JsonHubProtocolTests {

	static final char RS = JsonHubProtocol.RECORD_SEPARATOR;

	private final JsonHubProtocol protocol = new JsonHubProtocol(JsonMapper.shared());

	@Test
	void aMessageSplitAcrossFramesIsCompleteOnlyWithItsSeparator() {
		StringBuilder buffer = new StringBuilder("{\"type\":");

		assertThat(JsonHubProtocol.split(buffer)).isEmpty();
		assertThat(buffer).hasToString("{\"type\":");

		buffer.append("6}").append(RS).append("{\"ty");
		assertThat(JsonHubProtocol.split(buffer)).containsExactly("{\"type\":6}");
		assertThat(buffer).hasToString("{\"ty");

		buffer.append("pe\":7}").append(RS);
		assertThat(JsonHubProtocol.split(buffer)).containsExactly("{\"type\":7}");
		assertThat(buffer).isEmpty();
	}

	@Test
	void severalMessagesInOneFrameComeOutInOrder() {
		StringBuilder buffer = new StringBuilder(JsonHubProtocol.PING + "{\"type\":1,\"target\":\"a\"}" + RS + RS);

		assertThat(JsonHubProtocol.split(buffer)).containsExactly("{\"type\":6}", "{\"type\":1,\"target\":\"a\"}", "");
		assertThat(buffer).isEmpty();
	}

	@Test
	void fourMebibytesOfSeparatorsSplitIntoAsManyEmptyMessagesWithoutShiftingTheRestForEach() {
		int separators = 4 * JsonHubProtocol.MAX_MESSAGE_SIZE;
		StringBuilder buffer = new StringBuilder(String.valueOf(RS).repeat(separators));

		// Deleting each record from the front moved the rest every time: 11 s of CPU for
		// one MiB, 16 times that for four; one pass takes milliseconds
		List<String> messages = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> JsonHubProtocol.split(buffer));

		assertThat(messages).hasSize(separators).allMatch(String::isEmpty);
		assertThat(buffer).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"type\":1}\u001e", "{\"type\":1}", "  {\"type\":1}\u001e\n", "\n{\"type\":1} " })
	void unframeLeavesTheJsonOfOneMessage(String text) {
		assertThat(JsonHubProtocol.unframe(text)).isEqualTo("{\"type\":1}");
	}

	@Test
	void invocationKeepsItsIdTargetArgumentsAndText() {
		String json = "{\"type\":1,\"invocationId\":\"7\",\"target\":\"add\",\"arguments\":[2,{\"x\":\"y\"}]}";

		HubMessage.Invocation invocation = (HubMessage.Invocation) this.protocol.parse(json);

		assertThat(invocation.invocationId()).isEqualTo("7");
		assertThat(invocation.target()).isEqualTo("add");
		assertThat(invocation.arguments()).isEqualTo(JsonMapper.shared().readTree("[2,{\"x\":\"y\"}]"));
		assertThat(invocation.message()).isEqualTo(new HubPayload.Text(json));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"type\":1,\"target\":\"add\",\"arguments\":[]}",
			"{\"type\":1,\"invocationId\":7,\"target\":\"add\",\"arguments\":[]}",
			"{\"type\":1,\"invocationId\":null,\"target\":\"add\",\"arguments\":[]}" })
	void invocationWithoutAStringIdExpectsNoCompletion(String json) {
		assertThat(this.protocol.parse(json)).isInstanceOfSatisfying(HubMessage.Invocation.class,
				(invocation) -> assertThat(invocation.invocationId()).isNull());
	}

	@Test
	void invocationWithoutTargetOrArgumentsHasAnEmptyTargetAndNoArguments() {
		HubMessage.Invocation invocation = (HubMessage.Invocation) this.protocol.parse("{\"type\":1}");

		assertThat(invocation.target()).isEmpty();
		assertThat(invocation.arguments().isArray()).isFalse();
	}

	@Test
	void pingCloseAndTheRestAreTheirOwnMessages() {
		assertThat(this.protocol.parse(JsonHubProtocol.unframe(JsonHubProtocol.PING))).isEqualTo(new HubMessage.Ping());
		assertThat(this.protocol.parse("{\"type\":7,\"error\":\"bye\",\"allowReconnect\":true}"))
			.isEqualTo(new HubMessage.Close("bye", true));
		assertThat(this.protocol.parse("{\"type\":7}")).isEqualTo(new HubMessage.Close(null, false));
		assertThat(this.protocol.parse("{\"type\":5,\"invocationId\":\"1\"}"))
			.isEqualTo(new HubMessage.CancelInvocation("1"));
		assertThat(this.protocol.parse("{\"type\":8,\"sequenceId\":1}")).isEqualTo(new HubMessage.Other(8));
		assertThat(this.protocol.parse("{\"target\":\"x\"}")).isEqualTo(new HubMessage.Other(-1));
	}

	@Test
	void completionsAndStreamRequestsAreReadAndInvocationsWithAnIdAndStreamItemsWritten() {
		HubMessage.Completion value = (HubMessage.Completion) this.protocol
			.parse("{\"type\":3,\"invocationId\":\"s1\",\"result\":{\"answer\":42}}");
		HubMessage.Completion error = (HubMessage.Completion) this.protocol
			.parse("{\"type\":3,\"invocationId\":\"s2\",\"error\":\"Client didn't provide a result.\"}");
		HubMessage.StreamInvocation stream = (HubMessage.StreamInvocation) this.protocol
			.parse("{\"type\":4,\"invocationId\":\"7\",\"target\":\"counter\",\"arguments\":[10]}");

		assertThat(value.result().path("answer").asInt()).isEqualTo(42);
		assertThat(value.error()).isNull();
		assertThat(error.error()).isEqualTo("Client didn't provide a result.");
		assertThat(stream.invocationId()).isEqualTo("7");
		assertThat(stream.arguments().get(0).asInt()).isEqualTo(10);
		assertThatIllegalArgumentException().isThrownBy(() -> this.protocol.parse("{\"type\":3,\"result\":1}"))
			.withMessageContaining("invocationId");
		assertThat(
				((HubPayload.Text) this.protocol.invocation("s1", "confirm", JsonMapper.shared().readTree("[\"x\"]")))
					.text())
			.isEqualTo("{\"type\":1,\"invocationId\":\"s1\",\"target\":\"confirm\",\"arguments\":[\"x\"]}\u001e");
		assertThat(((HubPayload.Text) this.protocol.streamItem("7", JsonMapper.shared().readTree("2"))).text())
			.isEqualTo("{\"type\":2,\"invocationId\":\"7\",\"item\":2}\u001e");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"type\":", "not json", "{\"type\":1}}" })
	void malformedTextIsRefused(String json) {
		assertThatIllegalArgumentException().isThrownBy(() -> this.protocol.parse(json))
			.withMessage("Malformed hub message");
	}

	@ParameterizedTest
	@ValueSource(strings = { "[1]", "42", "\"text\"", "null", "" })
	void jsonThatIsNotAnObjectIsRefused(String json) {
		assertThatIllegalArgumentException().isThrownBy(() -> this.protocol.parse(json))
			.withMessage("A hub message must be a JSON object");
	}

	@Test
	void handshakeResponsesAndInvocationsAreFramedJson() {
		assertThat(JsonHubProtocol.HANDSHAKE_OK).isEqualTo("{}" + RS);
		assertThat(this.protocol.handshakeOk()).isEqualTo(new HubPayload.Text("{}" + RS));
		assertThat(this.protocol.handshakeResponse("no \"json\"").text())
			.isEqualTo("{\"error\":\"no \\\"json\\\"\"}" + RS);
		assertThat(text(this.protocol.invocation("statusUpdate",
				JsonMapper.shared().valueToTree(List.of(Map.of("status", "ok"), 2)))))
			.isEqualTo("{\"type\":1,\"target\":\"statusUpdate\",\"arguments\":[{\"status\":\"ok\"},2]}" + RS);
	}

	@Test
	void completionCarriesTheResultEvenANullOne() {
		assertThat(text(this.protocol.completion("7", Map.of("sum", 42))))
			.isEqualTo("{\"type\":3,\"invocationId\":\"7\",\"result\":{\"sum\":42}}" + RS);
		assertThat(text(this.protocol.completion("8", null)))
			.isEqualTo("{\"type\":3,\"invocationId\":\"8\",\"result\":null}" + RS);
	}

	@Test
	void completionOfAVoidMethodHasNoResultAndAnErrorHasOnlyTheError() {
		JsonNode empty = framedJson(this.protocol.completion("9"));
		JsonNode error = framedJson(this.protocol.completionError("10", "Method does not exist."));

		assertThat(empty).isEqualTo(JsonMapper.shared().readTree("{\"type\":3,\"invocationId\":\"9\"}"));
		assertThat(error).isEqualTo(JsonMapper.shared()
			.readTree("{\"type\":3,\"invocationId\":\"10\",\"error\":\"Method does not exist.\"}"));
	}

	@Test
	void closeNamesItsErrorOnlyWhenThereIsOneAndReadsBackAsWritten() {
		assertThat(text(this.protocol.close(null, true))).isEqualTo("{\"type\":7,\"allowReconnect\":true}" + RS);
		assertThat(text(this.protocol.close("Server timeout", false)))
			.isEqualTo("{\"type\":7,\"error\":\"Server timeout\",\"allowReconnect\":false}" + RS);
		assertThat(this.protocol.parse(JsonHubProtocol.unframe(text(this.protocol.close("bye", true)))))
			.isEqualTo(new HubMessage.Close("bye", true));
	}

	private static String text(HubPayload payload) {
		assertThat(payload).isInstanceOf(HubPayload.Text.class);
		return ((HubPayload.Text) payload).text();
	}

	private static JsonNode framedJson(HubPayload payload) {
		String framed = text(payload);
		assertThat(framed).endsWith(String.valueOf(RS)).containsOnlyOnce(String.valueOf(RS));
		return JsonMapper.shared().readTree(framed.substring(0, framed.length() - 1));
	}

}
