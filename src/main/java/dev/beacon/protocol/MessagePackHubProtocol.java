package dev.beacon.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * The MessagePack hub protocol (ASP.NET Core's {@code HubProtocol.md}, "MessagePack
 * encoding"): each message a MessagePack array whose first element is its type, preceded
 * by its length as a VarInt (7 bits a byte, low bits first, at most 5 bytes). The
 * upstream receives one message without the prefix. Values cross to and from JSON
 * ({@link MessagePackValues}), so hub methods and REST sends work with JSON whatever the
 * client speaks.
 */
public final class MessagePackHubProtocol implements HubProtocol {

	private static final int INVOCATION = 1;

	private static final int COMPLETION = 3;

	private static final int STREAM_ITEM = 2;

	private static final int PING = 6;

	private static final int CLOSE = 7;

	private static final int ERROR_RESULT = 1;

	private static final int VOID_RESULT = 2;

	private static final int NON_VOID_RESULT = 3;

	private static final HubPayload HANDSHAKE_OK = new HubPayload.Binary(
			JsonHubProtocol.HANDSHAKE_OK.getBytes(java.nio.charset.StandardCharsets.UTF_8));

	private static final HubPayload PING_PAYLOAD = new HubPayload.Binary(new byte[] { 2, (byte) 0x91, PING });

	private final JsonMapper jsonMapper;

	MessagePackHubProtocol(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public String name() {
		return "messagepack";
	}

	@Override
	public boolean binary() {
		return true;
	}

	/** The JSON handshake response, in a binary payload as the transport now carries. */
	@Override
	public HubPayload handshakeOk() {
		return HANDSHAKE_OK;
	}

	@Override
	public HubPayload ping() {
		return PING_PAYLOAD;
	}

	@Override
	public HubPayload invocation(String target, JsonNode arguments) {
		return framed((packer) -> {
			packer.packArrayHeader(5).packInt(INVOCATION).packMapHeader(0).packNil().packString(target);
			MessagePackValues.write(packer, arguments.isArray() ? arguments : this.jsonMapper.createArrayNode());
		});
	}

	@Override
	public HubPayload invocation(String invocationId, String target, JsonNode arguments) {
		return framed((packer) -> {
			packer.packArrayHeader(6).packInt(INVOCATION).packMapHeader(0).packString(invocationId).packString(target);
			MessagePackValues.write(packer, arguments.isArray() ? arguments : this.jsonMapper.createArrayNode());
			packer.packArrayHeader(0);
		});
	}

	@Override
	public HubPayload streamItem(String invocationId, JsonNode item) {
		return framed((packer) -> {
			packer.packArrayHeader(4).packInt(STREAM_ITEM).packMapHeader(0).packString(invocationId);
			MessagePackValues.write(packer, item);
		});
	}

	@Override
	public HubPayload completion(String invocationId, @Nullable Object result) {
		JsonNode value = (result != null) ? this.jsonMapper.valueToTree(result) : NullNode.getInstance();
		return framed((packer) -> {
			packer.packArrayHeader(5)
				.packInt(COMPLETION)
				.packMapHeader(0)
				.packString(invocationId)
				.packInt(NON_VOID_RESULT);
			MessagePackValues.write(packer, value);
		});
	}

	@Override
	public HubPayload completion(String invocationId) {
		return framed((packer) -> packer.packArrayHeader(4)
			.packInt(COMPLETION)
			.packMapHeader(0)
			.packString(invocationId)
			.packInt(VOID_RESULT));
	}

	@Override
	public HubPayload completionError(String invocationId, String error) {
		return framed((packer) -> packer.packArrayHeader(5)
			.packInt(COMPLETION)
			.packMapHeader(0)
			.packString(invocationId)
			.packInt(ERROR_RESULT)
			.packString(error));
	}

	@Override
	public HubPayload close(@Nullable String error, boolean allowReconnect) {
		return framed((packer) -> {
			packer.packArrayHeader(3).packInt(CLOSE);
			if (error != null) {
				packer.packString(error);
			}
			else {
				packer.packNil();
			}
			packer.packBoolean(allowReconnect);
		});
	}

	/**
	 * Splits complete messages off the buffer, leaving an incomplete tail in it.
	 * @param buffer bytes received so far
	 * @return the complete messages, without their length prefixes
	 * @throws IllegalArgumentException if a prefix is malformed or announces more than
	 * {@link JsonHubProtocol#MAX_MESSAGE_SIZE}
	 */
	public static List<byte[]> split(BinaryMessageBuffer buffer) {
		return BinaryMessageFormat.split(buffer);
	}

	/**
	 * Reads one message without its length prefix.
	 * @param message the MessagePack array
	 * @return the message; arguments as JSON
	 * @throws IllegalArgumentException naming what is wrong, if it is not a well-formed
	 * hub message
	 */
	public HubMessage parse(byte[] message) {
		return MessagePackMessages.parse(message);
	}

	private HubPayload framed(Body body) {
		try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
			body.write(packer);
			return new HubPayload.Binary(BinaryMessageFormat.framed(packer.toByteArray()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@FunctionalInterface
	private interface Body {

		void write(MessageBufferPacker packer) throws IOException;

	}

}
