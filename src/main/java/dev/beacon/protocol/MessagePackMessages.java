package dev.beacon.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * Reads the hub messages a client sends in MessagePack (HubProtocol.md, "MessagePack
 * encoding"): {@code [1, headers, invocationId?, target, [args], [streamIds]?]},
 * {@code [3, headers, invocationId, resultKind, result?]},
 * {@code [4, headers, invocationId, target, [args], [streamIds]?]},
 * {@code [5, headers, invocationId]}, {@code [6]}, {@code [7, error, allowReconnect?]};
 * anything else is reported by its type. Elements past the ones read are skipped.
 */
final class MessagePackMessages {

	private static final int INVOCATION = 1;

	private static final int COMPLETION = 3;

	private static final int STREAM_INVOCATION = 4;

	private static final int CANCEL_INVOCATION = 5;

	private static final int PING = 6;

	private static final int CLOSE = 7;

	private static final int ERROR_RESULT = 1;

	private static final int VOID_RESULT = 2;

	private static final int NON_VOID_RESULT = 3;

	private MessagePackMessages() {
	}

	/**
	 * Reads one message without its length prefix.
	 * @param message the MessagePack array
	 * @return the message; arguments as JSON
	 * @throws IllegalArgumentException naming what is wrong, if it is not a well-formed
	 * hub message
	 */
	static HubMessage parse(byte[] message) {
		try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(message)) {
			MessagePackReader reader = new MessagePackReader(unpacker, message.length);
			int size = reader.arrayHeader("a hub message");
			if (size < 1) {
				throw new IllegalArgumentException("a hub message must be a non-empty array");
			}
			int type = reader.integer("the message type");
			HubMessage parsed = switch (type) {
				case INVOCATION -> invocation(reader, size, message);
				case COMPLETION -> completion(reader, size);
				case STREAM_INVOCATION -> streamInvocation(reader, size, message);
				case CANCEL_INVOCATION -> cancel(reader, size);
				case PING -> new HubMessage.Ping();
				case CLOSE -> new HubMessage.Close((size > 1) ? reader.optionalString("the close error") : null,
						size > 2 && reader.bool("allowReconnect"));
				default -> new HubMessage.Other(type);
			};
			if (parsed instanceof HubMessage.Other) {
				return parsed;
			}
			reader.skipRemaining(size - reader.elementsRead());
			reader.requireEnd();
			return parsed;
		}
		catch (MessagePackException ex) {
			throw new IllegalArgumentException("malformed MessagePack (" + reason(ex) + ")");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static HubMessage.Invocation invocation(MessagePackReader reader, int size, byte[] message)
			throws IOException {
		if (size < 5) {
			throw new IllegalArgumentException("an Invocation has 5 or 6 elements, not " + size);
		}
		reader.skipHeaders();
		String invocationId = reader.optionalString("the invocationId");
		String target = reader.string("the target");
		JsonNode arguments = reader.value();
		if (!arguments.isArray()) {
			throw new IllegalArgumentException("the arguments must be an array");
		}
		return new HubMessage.Invocation(invocationId, target, arguments, new HubPayload.Binary(message));
	}

	/** {@code [3, headers, invocationId, resultKind, result?]}. */
	private static HubMessage.Completion completion(MessagePackReader reader, int size) throws IOException {
		if (size < 4) {
			throw new IllegalArgumentException("a Completion has 4 or 5 elements, not " + size);
		}
		reader.skipHeaders();
		String invocationId = reader.string("the invocationId");
		int kind = reader.integer("the result kind");
		return switch (kind) {
			case ERROR_RESULT -> new HubMessage.Completion(invocationId, NullNode.getInstance(),
					(size > 4) ? reader.string("the error") : "");
			case VOID_RESULT -> new HubMessage.Completion(invocationId, NullNode.getInstance(), null);
			case NON_VOID_RESULT ->
				new HubMessage.Completion(invocationId, (size > 4) ? reader.value() : NullNode.getInstance(), null);
			default -> throw new IllegalArgumentException("a Completion's result kind is 1, 2 or 3, not " + kind);
		};
	}

	/** {@code [4, headers, invocationId, target, [args], [streamIds]?]}. */
	private static HubMessage.StreamInvocation streamInvocation(MessagePackReader reader, int size, byte[] message)
			throws IOException {
		if (size < 5) {
			throw new IllegalArgumentException("a StreamInvocation has 5 or 6 elements, not " + size);
		}
		reader.skipHeaders();
		String invocationId = reader.string("the invocationId");
		String target = reader.string("the target");
		JsonNode arguments = reader.value();
		if (!arguments.isArray()) {
			throw new IllegalArgumentException("the arguments must be an array");
		}
		return new HubMessage.StreamInvocation(invocationId, target, arguments, new HubPayload.Binary(message));
	}

	/** {@code [5, headers, invocationId]}. */
	private static HubMessage.CancelInvocation cancel(MessagePackReader reader, int size) throws IOException {
		if (size < 3) {
			throw new IllegalArgumentException("a CancelInvocation has 3 elements, not " + size);
		}
		reader.skipHeaders();
		return new HubMessage.CancelInvocation(reader.string("the invocationId"));
	}

	private static String reason(MessagePackException ex) {
		String message = ex.getMessage();
		return (message != null) ? message : ex.getClass().getSimpleName();
	}

}
