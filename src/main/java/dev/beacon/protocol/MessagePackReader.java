package dev.beacon.protocol;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one MessagePack message into JSON values, as the service converts between its
 * clients' protocols: binary becomes a binary node (base64 text in JSON), a timestamp
 * ISO-8601 text, a map key that is not a string its JSON text. It never trusts a length:
 * a header announcing more elements or bytes than the message still holds is refused
 * before anything is allocated, and nesting is bounded.
 */
final class MessagePackReader {

	/** As deep as JSON hub messages may nest (Jackson's default read limit). */
	static final int MAX_DEPTH = 500;

	private static final byte TIMESTAMP = -1;

	private final MessageUnpacker unpacker;

	private final long length;

	private int elements;

	MessagePackReader(MessageUnpacker unpacker, long length) {
		this.unpacker = unpacker;
		this.length = length;
	}

	/** Top-level elements read so far, after the array header. */
	int elementsRead() {
		return this.elements;
	}

	int arrayHeader(String what) throws IOException {
		if (this.unpacker.getNextFormat().getValueType() != ValueType.ARRAY) {
			throw new IllegalArgumentException(what + " must be a MessagePack array");
		}
		return fits(this.unpacker.unpackArrayHeader(), 1, what);
	}

	int integer(String what) throws IOException {
		require(ValueType.INTEGER, what, "an integer");
		this.elements++;
		return this.unpacker.unpackInt();
	}

	boolean bool(String what) throws IOException {
		require(ValueType.BOOLEAN, what, "a boolean");
		this.elements++;
		return this.unpacker.unpackBoolean();
	}

	String string(String what) throws IOException {
		require(ValueType.STRING, what, "a string");
		this.elements++;
		return text();
	}

	@Nullable String optionalString(String what) throws IOException {
		if (this.unpacker.tryUnpackNil()) {
			this.elements++;
			return null;
		}
		return string(what);
	}

	/** Headers are a map of strings; the local service and upstream ignore them. */
	void skipHeaders() throws IOException {
		require(ValueType.MAP, "the headers", "a map");
		value();
	}

	JsonNode value() throws IOException {
		this.elements++;
		return read(0);
	}

	void skipRemaining(int count) throws IOException {
		for (int i = 0; i < count; i++) {
			value();
		}
	}

	void requireEnd() throws IOException {
		if (this.unpacker.hasNext()) {
			throw new IllegalArgumentException("bytes follow the end of the message");
		}
	}

	private JsonNode read(int depth) throws IOException {
		if (depth > MAX_DEPTH) {
			throw new IllegalArgumentException("values nest deeper than " + MAX_DEPTH + " levels");
		}
		MessageFormat format = this.unpacker.getNextFormat();
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		return switch (format.getValueType()) {
			case NIL -> {
				this.unpacker.unpackNil();
				yield nodes.nullNode();
			}
			case BOOLEAN -> nodes.booleanNode(this.unpacker.unpackBoolean());
			case INTEGER -> (format == MessageFormat.UINT64) ? unsigned(this.unpacker.unpackBigInteger())
					: nodes.numberNode(this.unpacker.unpackLong());
			case FLOAT -> nodes.numberNode(this.unpacker.unpackDouble());
			case STRING -> nodes.stringNode(text());
			case BINARY -> nodes.binaryNode(payload(this.unpacker.unpackBinaryHeader(), "binary value"));
			case ARRAY -> {
				int size = fits(this.unpacker.unpackArrayHeader(), 1, "an array");
				ArrayNode array = nodes.arrayNode(size);
				for (int i = 0; i < size; i++) {
					array.add(read(depth + 1));
				}
				yield array;
			}
			case MAP -> {
				int size = fits(this.unpacker.unpackMapHeader(), 2, "a map");
				ObjectNode object = nodes.objectNode();
				for (int i = 0; i < size; i++) {
					JsonNode key = read(depth + 1);
					object.set(key.isString() ? key.stringValue() : key.toString(), read(depth + 1));
				}
				yield object;
			}
			case EXTENSION -> extension(this.unpacker.unpackExtensionTypeHeader());
		};
	}

	private JsonNode unsigned(BigInteger value) {
		return (value.bitLength() < 64) ? JsonNodeFactory.instance.numberNode(value.longValue())
				: JsonNodeFactory.instance.numberNode(value);
	}

	private JsonNode extension(ExtensionTypeHeader header) throws IOException {
		if (header.getType() != TIMESTAMP) {
			throw new IllegalArgumentException("MessagePack extension type " + header.getType() + " is not supported");
		}
		fits(header.getLength(), 1, "a timestamp");
		return JsonNodeFactory.instance.stringNode(this.unpacker.unpackTimestamp(header).toString());
	}

	private String text() throws IOException {
		return new String(payload(this.unpacker.unpackRawStringHeader(), "string"), StandardCharsets.UTF_8);
	}

	private byte[] payload(int size, String what) throws IOException {
		return this.unpacker.readPayload(fits(size, 1, what));
	}

	private int fits(int count, int minimumBytesEach, String what) {
		long left = this.length - this.unpacker.getTotalReadBytes();
		if (count < 0 || (long) count * minimumBytesEach > left) {
			throw new IllegalArgumentException(what + " announces " + Integer.toUnsignedString(count)
					+ " elements or bytes but only " + left + " bytes follow");
		}
		return count;
	}

	private void require(org.msgpack.value.ValueType type, String what, String expected) throws IOException {
		if (!this.unpacker.hasNext()) {
			throw new IllegalArgumentException("the message ends before " + what);
		}
		if (this.unpacker.getNextFormat().getValueType() != type) {
			throw new IllegalArgumentException(what + " must be " + expected + ", not "
					+ this.unpacker.getNextFormat().getValueType().name().toLowerCase(Locale.ROOT));
		}
	}

}
