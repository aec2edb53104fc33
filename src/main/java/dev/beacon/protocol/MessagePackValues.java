package dev.beacon.protocol;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;

import org.msgpack.core.MessagePacker;
import tools.jackson.databind.JsonNode;

/**
 * MessagePack values to and from JSON trees, as the service converts between its clients'
 * protocols: integers stay integers, floats become doubles, binary becomes base64 text in
 * JSON, a timestamp becomes ISO-8601 text. Reading never trusts a length: a header
 * announcing more elements or bytes than the message holds is refused before anything is
 * allocated, and nesting is bounded.
 */
final class MessagePackValues {

	private static final BigInteger UNSIGNED_64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

	private MessagePackValues() {
	}

	static void write(MessagePacker packer, JsonNode node) throws IOException {
		switch (node.getNodeType()) {
			case NULL, MISSING -> packer.packNil();
			case BOOLEAN -> packer.packBoolean(node.booleanValue());
			case STRING -> packer.packString(node.stringValue());
			case BINARY -> {
				byte[] bytes = node.binaryValue();
				packer.packBinaryHeader(bytes.length).writePayload(bytes);
			}
			case NUMBER -> number(packer, node);
			case ARRAY -> {
				packer.packArrayHeader(node.size());
				for (JsonNode element : node) {
					write(packer, element);
				}
			}
			case OBJECT -> {
				packer.packMapHeader(node.size());
				for (Map.Entry<String, JsonNode> property : node.properties()) {
					packer.packString(property.getKey());
					write(packer, property.getValue());
				}
			}
			default -> packer.packString(node.asString());
		}
	}

	private static void number(MessagePacker packer, JsonNode node) throws IOException {
		if (node.isIntegralNumber()) {
			BigInteger value = node.bigIntegerValue();
			if (value.bitLength() < 64) {
				packer.packLong(value.longValueExact());
			}
			else if (value.signum() > 0 && value.compareTo(UNSIGNED_64_MAX) <= 0) {
				packer.packBigInteger(value);
			}
			else {
				packer.packDouble(value.doubleValue());
			}
		}
		else {
			packer.packDouble(node.doubleValue());
		}
	}

}
